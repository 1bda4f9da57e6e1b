using System.Security.Cryptography;
using System.Text;
using Revocation.Core.Events;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>Turns a <c>revocations</c> message into a request; a message that is not one is kept with its reason.</summary>
public static class RevocationMessageHandler
{
    public static async Task<RevocationResult?> HandleAsync(
        RevocationService service, IRejectionStore rejections, TimeProvider time, string messageId, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(rejections);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(body);
        var request = QueueRevocationQueue.Parse(body);
        if (request is null)
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
            await rejections.AddAsync(new Rejection(QueueNames.Revocations, messageId, time.GetUtcNow(),
                "not a revocation request (expected JSON with tokenId and reason)", Truncate(SecretRedaction.Redact(body)), sha), cancellationToken);
            return null;
        }
        return await service.HandleAsync(request, cancellationToken);
    }

    private static string Truncate(string body) => body.Length > 4096 ? body[..4096] : body;
}
