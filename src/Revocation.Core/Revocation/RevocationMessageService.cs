using Revocation.Core.Events;
using Revocation.Core.Storage;

namespace Revocation.Core.Revocation;

/// <summary>
/// Handles one <c>revocations</c> message for either host: parses the request (<see cref="RevocationRequestJson"/>)
/// and hands it to <see cref="RevocationService"/>; a message that is not a request is kept with its reason
/// (<see cref="RejectionService"/>) and never retried. Storage failures throw so the queue retries the message.
/// </summary>
public sealed class RevocationMessageService(RevocationService revocations, RejectionService rejections)
{
    /// <summary>The reason kept with a message that is not a revocation request.</summary>
    public const string NotARequest = "not a revocation request (expected JSON with tokenId and reason)";

    /// <summary>The revocation's result, or null when the message was rejected.</summary>
    public async Task<RevocationResult?> HandleAsync(string messageId, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(body);
        if (RevocationRequestJson.Parse(body) is not { } request)
        {
            await rejections.KeepAsync(QueueNames.Revocations, messageId, body, NotARequest, cancellationToken);
            return null;
        }
        return await revocations.HandleAsync(request, cancellationToken);
    }
}
