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
    /// A <paramref name="batch"/> (an incident's slice) gates the provider's HTTP exchanges (<see cref="ProviderCallGate"/>),
    /// counts the write against the batch's reservation instead of a decrement of its own, leaves the stored value's
    /// deletion to <see cref="ForgetValuesAsync"/> once the batch is done, and writes no de-duplication marker: the
    /// token's state guards against a second record (a redelivery finds it closed or pending), and a commit whose answer
    /// was lost is recognized by the chain head it wrote (<see cref="TokenWriter"/>).
    /// </summary>
    public async Task<RevocationResult> RevokeNowAsync(
        TokenRecord record, string reason, string requestedBy, string? dedupKey, CancellationToken cancellationToken,
        string? actor = null, string? incident = null, InlineRevocationBatch? batch = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.IsActive) return RevocationResult.NotApplicable;
        RevocationOutcome outcome;
        var provider = "(unknown)";
        try
        {
            // A caller revoking many tokens bounds its open calls at the providers, not the work around them: the adapters'
            // sending path takes a place at the gate for each HTTP exchange (ProviderCallGate).
            using (ProviderCallGate.Use(batch?.ProviderCalls))
            {
                (outcome, provider) = await CallProviderAsync(record, reason, cancellationToken);
            }
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
        Task<TokenWrite> Write() => writer.UpdateAsync(
            record.TokenId, now, dedupKey is null || batch is not null ? null : dedupKey + "|inline", (current, ledger) =>
            {
                // Another request got there first: a confirmation is still recorded (the provider said so); a failure
                // is left to that request, which has its own retries.
                if (current is null || TokenStates.IsClosed(current.State) || (!current.IsActive && !outcome.IsConfirmed)) return null;
                var status = EnsureRequested(current, ledger, reason, requestedBy, actor, now, incident: incident);
                return RecordOutcome(current with { Revocation = status with { Attempts = Math.Max(status.Attempts, 1) } },
                    ledger, request, outcome, provider, result, now);
            }, cancellationToken, known: record);
        var write = batch is null ? await counter.CountedWriteAsync(record, Ends(result), Write, cancellationToken) : await batch.Reservation.WriteAsync(Write);
        if (write.Status == TokenWriteStatus.NoChange) return outcome.IsConfirmed ? RevocationResult.AlreadyRevoked : RevocationResult.NotApplicable;
        // Only the request that recorded this outcome carries it on (a redelivery of it too: its write is a Duplicate).
        if (write.After is null || !IsOutcomeOf(write.After.State, result)) return RevocationResult.NotApplicable;
        if (result == RevocationResult.RetryScheduled) await ScheduleRetryAsync(request, outcome, cancellationToken);
        if (batch is not null && result == RevocationResult.Revoked) batch.Add(record);
        await FinishAsync(record, request, outcome, result, write, cancellationToken, forgetValue: batch is null);
        return result;
    }

    /// <summary>Deletes the stored values of the given revoked tokens (a batch's, once it is done); how many were deleted.</summary>
    public async Task<int> ForgetValuesAsync(IEnumerable<TokenRecord> revoked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        List<string> references = [.. revoked.Select(r => r.View.Credential?.SecretRef).OfType<string>().Where(secrets.CanResolve).Distinct(StringComparer.Ordinal)];
        return references.Count == 0 ? 0 : await secrets.TryDeleteManyAsync(references, cancellationToken);
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
