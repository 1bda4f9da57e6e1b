using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Revocation;

/// <summary>
/// Starts a revocation: checks the token can be revoked by this request, queues the request, then moves the token
/// to <c>revocation-pending</c> with a ledger entry. Queue before the state write: if the write is lost, the
/// request still runs (the worker accepts active tokens); if the enqueue is lost, the token stays active and its
/// due hint brings it back. A token already pending, revoked or unknown gets no request.
/// </summary>
public sealed class RevocationRequester(TokenWriter writer, ITokenStore tokens, IRevocationQueue queue, TimeProvider time)
{
    /// <summary>Queues a revocation. False when the token is not in a state that can be revoked by this request.</summary>
    public async Task<bool> RequestAsync(
        string tokenId, string reason, string requestedBy, string? dedupKey, CancellationToken cancellationToken, bool allowFailed = false,
        TokenRecord? known = null)
    {
        var record = known ?? await tokens.TryGetAsync(tokenId, cancellationToken);
        if (!CanRequest(record, allowFailed)) return false;
        var now = time.GetUtcNow();
        await queue.EnqueueAsync(new RevocationRequest(tokenId, reason, now, 1, requestedBy), null, cancellationToken);
        var write = await writer.UpdateAsync(tokenId, now, dedupKey, (current, ledger) =>
        {
            if (!CanRequest(current, allowFailed)) return null;
            RevocationService.AppendRequested(ledger, reason, requestedBy, now);
            return current with
            {
                Revocation = new RevocationStatus { State = TokenStates.RevocationPending, Reason = reason, RequestedAt = now },
            };
        }, cancellationToken, known: record);
        return write.Status != TokenWriteStatus.NoChange;
    }

    private static bool CanRequest([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] TokenRecord? token, bool allowFailed) =>
        token is not null && (token.IsActive || (allowFailed && token.State == TokenStates.RevocationFailed));
}
