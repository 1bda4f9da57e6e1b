using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revocation.Core.Policy;
using Revocation.Core.Secrets;
using Revocation.Core.Storage;
using Revocation.Core.Ledger;
using Revocation.Core.Tokens;

namespace Revocation.Core.Revocation;

/// <summary>
/// The revocation worker: calls the token's provider and records the outcome. A token becomes <c>revoked</c>
/// only when the provider confirmed; passing failures are retried with backoff through the queue, up to
/// <see cref="RevocationOptions.MaxAttempts"/>, then the token is <c>revocation-failed</c>.
/// </summary>
public sealed partial class RevocationService(
    PolicyDocument policy,
    TokenWriter writer,
    ITokenStore tokens,
    IEnumerable<IRevocationProvider> providers,
    ISecretStore secrets,
    IRevocationQueue queue,
    IActiveTokenCounter counter,
    IOptions<RevocationOptions> options,
    TimeProvider time,
    ILogger<RevocationService> logger)
{
    private readonly Dictionary<string, IRevocationProvider> _providers = providers.ToDictionary(p => p.Kind, StringComparer.Ordinal);

    public async Task<RevocationResult> HandleAsync(RevocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await tokens.TryGetAsync(request.TokenId, cancellationToken);
        if (record is null || !record.View.IsRegistered)
        {
            LogUnknown(logger, request.TokenId);
            return RevocationResult.UnknownToken;
        }
        if (record.State == TokenStates.Revoked) return RevocationResult.AlreadyRevoked;
        if (record.State == TokenStates.RevocationFailed && request.Attempt > 1) return RevocationResult.NotApplicable;

        var (outcome, provider) = await CallProviderAsync(record, request.Reason, cancellationToken);
        var result = ResultOf(outcome, request.Attempt);
        var now = time.GetUtcNow();
        var write = await writer.UpdateAsync(record.TokenId, now, $"revocation|{request.RequestedAt.UtcTicks}|{request.Attempt}", (current, ledger) =>
        {
            if (current is null || current.State == TokenStates.Revoked) return null;
            return RecordOutcome(current with { Revocation = current.Revocation with { Attempts = request.Attempt, Reason = request.Reason } },
                ledger, request, outcome, provider, result, now);
        }, cancellationToken, known: record);
        if (write.Status == TokenWriteStatus.NoChange) return RevocationResult.AlreadyRevoked;
        // A redelivered request whose outcome was recorded before: finish what the first delivery may not have
        // (the retry message, the secret's deletion), but count the token once.
        if (result == RevocationResult.RetryScheduled) await ScheduleRetryAsync(request, outcome, cancellationToken);
        await FinishAsync(record, request, outcome, result, write.Status == TokenWriteStatus.Committed, cancellationToken);
        return result;
    }

    /// <summary>
    /// Revokes an active token now, in the caller, instead of through the queue: the first attempt is made here and
    /// recorded with its request in one write (<c>revocation.requested</c> then the outcome), so a confirmed
    /// revocation costs no queue hop. A passing failure queues attempt 2 (before the write: a lost write still
    /// leaves the retry), from where the worker carries on with backoff. The caller must be redelivered if this
    /// throws (a queue-triggered handler is): the provider is then called again, which revocation allows (RFC 7009
    /// answers 200 for a revoked token, the others "already gone"). <see cref="RevocationResult.NotApplicable"/>
    /// when the token is not active (another request owns it).
    /// </summary>
    public async Task<RevocationResult> RevokeNowAsync(
        TokenRecord record, string reason, string requestedBy, string? dedupKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.IsActive) return RevocationResult.NotApplicable;
        var (outcome, provider) = await CallProviderAsync(record, reason, cancellationToken);
        var now = time.GetUtcNow();
        var request = new RevocationRequest(record.TokenId, reason, now, 1, requestedBy);
        var result = ResultOf(outcome, request.Attempt);
        if (result == RevocationResult.RetryScheduled) await ScheduleRetryAsync(request, outcome, cancellationToken);
        var write = await writer.UpdateAsync(record.TokenId, now, dedupKey, (current, ledger) =>
        {
            // Someone else's request got there first: a confirmation is still recorded (the provider said so),
            // a failure is left to that request.
            if (current is null || current.State == TokenStates.Revoked || (!current.IsActive && !outcome.IsConfirmed)) return null;
            var status = current.Revocation;
            if (current.IsActive)
            {
                AppendRequested(ledger, reason, requestedBy, now);
                status = new RevocationStatus { State = TokenStates.RevocationPending, Reason = reason, RequestedAt = now };
            }
            return RecordOutcome(current with { Revocation = status with { Attempts = Math.Max(status.Attempts, 1) } },
                ledger, request, outcome, provider, result, now);
        }, cancellationToken, known: record);
        if (write.Status == TokenWriteStatus.NoChange) return outcome.IsConfirmed ? RevocationResult.AlreadyRevoked : RevocationResult.NotApplicable;
        await FinishAsync(record, request, outcome, result, write.Status == TokenWriteStatus.Committed, cancellationToken);
        return result;
    }

    /// <summary>The ledger entry of a new request, as <see cref="RevocationRequester"/> writes it.</summary>
    internal static void AppendRequested(LedgerAppender ledger, string reason, string requestedBy, DateTimeOffset now) =>
        ledger.Append("revocation.requested", Decisions.Accepted, reason, now,
            JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["requestedBy"] = requestedBy }));

    private async Task<(RevocationOutcome Outcome, ProviderPolicy Provider)> CallProviderAsync(
        TokenRecord record, string reason, CancellationToken cancellationToken)
    {
        var cls = policy.FindClass(record.View.Class!)!;
        var provider = policy.ProviderFor(cls);
        var outcome = _providers.TryGetValue(provider.Kind, out var adapter)
            ? await adapter.RevokeAsync(new ProviderRevocation(record.TokenId, provider, record.View.Credential!, reason), cancellationToken)
            : RevocationOutcome.Failed($"no adapter for provider kind '{provider.Kind}'");
        return (outcome, provider);
    }

    private RevocationResult ResultOf(RevocationOutcome outcome, int attempt) =>
        outcome.IsConfirmed ? RevocationResult.Revoked
        : outcome.Kind == RevocationOutcomeKind.Failed || attempt >= options.Value.MaxAttempts ? RevocationResult.Failed
        : RevocationResult.RetryScheduled;

    private static TokenRecord RecordOutcome(
        TokenRecord current, LedgerAppender ledger, RevocationRequest request, RevocationOutcome outcome, ProviderPolicy provider,
        RevocationResult result, DateTimeOffset now)
    {
        var data = JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["attempt"] = request.Attempt, ["outcome"] = outcome.Kind.ToString(), ["detail"] = outcome.Detail, ["provider"] = provider.Name,
        });
        (string type, string state, string decision) = result switch
        {
            RevocationResult.Revoked => ("revocation.confirmed", TokenStates.Revoked, Decisions.Accepted),
            RevocationResult.Failed => ("revocation.failed", TokenStates.RevocationFailed, Decisions.Rejected),
            _ => ("revocation.attempt-failed", TokenStates.RevocationPending, Decisions.Pending),
        };
        ledger.Append(type, decision, request.Reason, now, data);
        return current with
        {
            Revocation = current.Revocation with
            {
                State = state,
                LastError = outcome.IsConfirmed ? null : outcome.Detail,
                CompletedAt = result == RevocationResult.RetryScheduled ? null : now,
            },
        };
    }

    private async Task ScheduleRetryAsync(RevocationRequest request, RevocationOutcome outcome, CancellationToken cancellationToken)
    {
        var delay = options.Value.DelayBefore(request.Attempt + 1, outcome.RetryAfter, Random.Shared.NextDouble());
        await queue.EnqueueAsync(request with { Attempt = request.Attempt + 1 }, delay, cancellationToken);
        LogRetry(logger, request.TokenId, request.Attempt, delay, outcome.Detail);
    }

    /// <summary>After the write: the active count (once, on the first delivery) and the stored value's deletion.</summary>
    private async Task FinishAsync(
        TokenRecord record, RevocationRequest request, RevocationOutcome outcome, RevocationResult result, bool firstDelivery,
        CancellationToken cancellationToken)
    {
        switch (result)
        {
            case RevocationResult.Revoked:
                if (firstDelivery) await counter.AddAsync(-1, cancellationToken);
                if (record.View.Credential?.SecretRef is { } secretRef && secrets.CanResolve(secretRef))
                    await secrets.TryDeleteAsync(secretRef, cancellationToken);
                LogRevoked(logger, record.TokenId, request.Reason, outcome.Kind);
                break;
            case RevocationResult.Failed:
                if (firstDelivery) await counter.AddAsync(-1, cancellationToken);
                LogFailed(logger, record.TokenId, request.Attempt, outcome.Detail);
                break;
        }
    }

    [LoggerMessage(EventId = 3001, EventName = "TokenRevoked", Level = LogLevel.Information, Message = "Token {TokenId} revoked ({Reason}): {Outcome}")]
    private static partial void LogRevoked(ILogger logger, string tokenId, string reason, RevocationOutcomeKind outcome);

    [LoggerMessage(EventId = 3002, EventName = "RevocationFailed", Level = LogLevel.Error,
        Message = "Token {TokenId} is revocation-failed after attempt {Attempt}: {Detail}")]
    private static partial void LogFailed(ILogger logger, string tokenId, int attempt, string detail);

    [LoggerMessage(EventId = 3003, EventName = "RevocationRetry", Level = LogLevel.Warning,
        Message = "Token {TokenId} attempt {Attempt} did not confirm; retrying in {Delay}: {Detail}")]
    private static partial void LogRetry(ILogger logger, string tokenId, int attempt, TimeSpan delay, string detail);

    [LoggerMessage(EventId = 3004, EventName = "RevocationUnknownToken", Level = LogLevel.Warning, Message = "Revocation requested for unknown token {TokenId}")]
    private static partial void LogUnknown(ILogger logger, string tokenId);
}
