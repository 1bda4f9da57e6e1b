using System.Text.Json;
using Revocation.Core.Tokens;

namespace Revocation.Core.Revocation;

/// <summary>
/// Starts a revocation: queues the request, then moves the token to <c>revocation-pending</c> with a ledger entry.
/// Queue first: if the state write is lost, the request still runs (the worker accepts active tokens); if the
/// enqueue is lost, the token stays active and its due hint brings it back.
/// </summary>
public sealed class RevocationRequester(TokenWriter writer, IRevocationQueue queue, TimeProvider time)
{
    /// <summary>Queues a revocation. False when the token is not in a state that can be revoked by this request.</summary>
    public async Task<bool> RequestAsync(
        string tokenId, string reason, string requestedBy, string? dedupKey, CancellationToken cancellationToken, bool allowFailed = false,
        TokenRecord? known = null)
    {
        var now = time.GetUtcNow();
        await queue.EnqueueAsync(new RevocationRequest(tokenId, reason, now, 1, requestedBy), null, cancellationToken);
        var write = await writer.UpdateAsync(tokenId, now, dedupKey, (current, ledger) =>
        {
            if (current is null || !(current.IsActive || (allowFailed && current.State == TokenStates.RevocationFailed))) return null;
            ledger.Append("revocation.requested", Decisions.Accepted, reason, now,
                JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["requestedBy"] = requestedBy }));
            return current with
            {
                Revocation = new RevocationStatus { State = TokenStates.RevocationPending, Reason = reason, RequestedAt = now },
            };
        }, cancellationToken, known: known);
        return write.Status != TokenWriteStatus.NoChange;
    }
}
