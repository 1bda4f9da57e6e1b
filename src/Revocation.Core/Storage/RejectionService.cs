using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Revocation.Core.Events;

namespace Revocation.Core.Storage;

/// <summary>
/// Keeps a message that can never succeed, with its reason, where operators see it (<c>revctl poison list</c>): the
/// SHA-256 of the body as received, and the body with secret values redacted and cut at
/// <see cref="MaxKeptBodyChars"/>. The one place every queue's rejections go through.
/// </summary>
public sealed partial class RejectionService(IRejectionStore store, TimeProvider time, ILogger<RejectionService> logger)
{
    /// <summary>Longest message body kept with a rejection, in characters (32 Ki).</summary>
    public const int MaxKeptBodyChars = 32 * 1024;

    public async Task KeepAsync(string queue, string messageId, string body, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(reason);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var redacted = SecretRedaction.Redact(body);
        var kept = redacted.Length <= MaxKeptBodyChars ? redacted : redacted[..MaxKeptBodyChars];
        await store.AddAsync(new Rejection(queue, messageId, time.GetUtcNow(), reason, kept, sha), cancellationToken);
        LogRejected(logger, queue, messageId, reason);
    }

    [LoggerMessage(EventId = 1003, EventName = "MessageRejected", Level = LogLevel.Warning,
        Message = "Message {MessageId} on {Queue} can never succeed and was kept with its reason: {Reason}")]
    private static partial void LogRejected(ILogger logger, string queue, string messageId, string reason);
}
