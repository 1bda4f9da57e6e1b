using Microsoft.Extensions.Logging;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Revocation;

public sealed partial class RevocationService
{
    /// <summary>
    /// Revokes an active token now, in the caller, instead of through the queue: the first attempt is made here and
    /// recorded with its request in one write (<c>revocation.requested</c> then the outcome), so a confirmed
    /// revocation costs no queue hop. A failure before any answer (the value's store, the client) is a failed
    /// attempt like a provider's passing failure: the token is recorded pending and attempt 2 goes through the
    /// queue, where the worker carries on with backoff. A failure after the write (the stored value's deletion)
    /// throws: the caller must then be redelivered (a queue-triggered handler is), and a redelivery finds the token
    /// no longer active. <see cref="RevocationResult.NotApplicable"/> when another request owns the token.
    /// The decision's <c>dedupKey</c> is recorded with an <c>|inline</c> suffix, so a queued request made for the
    /// same decision (a sweep's recheck, a concurrent delivery) never shadows this outcome.
    /// </summary>
    public async Task<RevocationResult> RevokeNowAsync(
        TokenRecord record, string reason, string requestedBy, string? dedupKey, CancellationToken cancellationToken,
        string? actor = null, string? incident = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.IsActive) return RevocationResult.NotApplicable;
        RevocationOutcome outcome;
        var provider = "(unknown)";
        try
        {
            (outcome, provider) = await CallProviderAsync(record, reason, cancellationToken);
        }
        catch (Exception ex) when (!ex.IsFatal() && !cancellationToken.IsCancellationRequested)
        {
            LogInlineAttemptFailed(logger, ex, record.TokenId);
            outcome = RevocationOutcome.RetryLater("inline attempt failed before an answer: " + ex.GetType().Name);
        }
        var now = time.GetUtcNow();
        var request = new RevocationRequest(record.TokenId, reason, now, 1, requestedBy, actor, incident);
        var result = ResultOf(outcome, request.Attempt);
        // Pending from here on: if the retry message below is lost, this hint lets the sweep find the stalled token.
        if (result == RevocationResult.RetryScheduled) await due.FileStallHintAsync(record.TokenId, now, options.Value, cancellationToken);
        var write = await counter.CountedWriteAsync(record, Ends(result), () => writer.UpdateAsync(
            record.TokenId, now, dedupKey is null ? null : dedupKey + "|inline", (current, ledger) =>
            {
                // Another request got there first: a confirmation is still recorded (the provider said so); a failure
                // is left to that request, which has its own retries.
                if (current is null || TokenStates.IsClosed(current.State) || (!current.IsActive && !outcome.IsConfirmed)) return null;
                var status = EnsureRequested(current, ledger, reason, requestedBy, actor, now, incident: incident);
                return RecordOutcome(current with { Revocation = status with { Attempts = Math.Max(status.Attempts, 1) } },
                    ledger, request, outcome, provider, result, now);
            }, cancellationToken, known: record), cancellationToken);
        if (write.Status == TokenWriteStatus.NoChange) return outcome.IsConfirmed ? RevocationResult.AlreadyRevoked : RevocationResult.NotApplicable;
        // Only the request that recorded this outcome carries it on (a redelivery of it too: its write is a Duplicate).
        if (write.After is null || !IsOutcomeOf(write.After.State, result)) return RevocationResult.NotApplicable;
        if (result == RevocationResult.RetryScheduled) await ScheduleRetryAsync(request, outcome, cancellationToken);
        await FinishAsync(record, request, outcome, result, write, cancellationToken);
        return result;
    }

    private static bool IsOutcomeOf(string state, RevocationResult result) =>
        result == RevocationResult.Revoked ? TokenStates.IsClosed(state) : state == StateAfter(result);

    private static string StateAfter(RevocationResult result) => result switch
    {
        RevocationResult.Revoked => TokenStates.Revoked, // or AccessRemoved: see IsOutcomeOf
        RevocationResult.Failed => TokenStates.RevocationFailed,
        _ => TokenStates.RevocationPending,
    };

    [LoggerMessage(EventId = 3005, EventName = "InlineRevocationAttemptFailed", Level = LogLevel.Warning,
        Message = "Token {TokenId}: the inline revocation attempt failed before an answer; retrying through the queue")]
    private static partial void LogInlineAttemptFailed(ILogger logger, Exception exception, string tokenId);
}
