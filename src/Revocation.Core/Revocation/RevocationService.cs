using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revocation.Core.Ledger;
using Revocation.Core.Policy;
using Revocation.Core.Secrets;
using Revocation.Core.Storage;
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
    IDueIndex due,
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
        if (TokenStates.IsClosed(record.State))
        {
            // A request for a revoked token: finish what its revocation may not have (the value's deletion failed).
            await ForgetValueAsync(record, cancellationToken);
            return RevocationResult.AlreadyRevoked;
        }
        if (IsSpent(record, request)) return RevocationResult.NotApplicable;

        var (outcome, provider) = await CallProviderAsync(record, request.Reason, cancellationToken);
        var result = ResultOf(outcome, request.Attempt);
        var now = time.GetUtcNow();
        var write = await counter.CountedWriteAsync(record, Ends(result), () => writer.UpdateAsync(
            record.TokenId, now, $"revocation|{request.RequestedAt.UtcTicks}|{request.Attempt}", (current, ledger) =>
            {
                if (current is null || TokenStates.IsClosed(current.State) || IsSpent(current, request)) return null;
                var status = EnsureRequested(current, ledger, request.Reason, request.RequestedBy, request.Actor, now, unrecorded: true, request.Incident);
                return RecordOutcome(current with { Revocation = status with { Attempts = request.Attempt } },
                    ledger, request, outcome, provider, result, now);
            }, cancellationToken, known: record), cancellationToken);
        if (write.Status == TokenWriteStatus.NoChange) return RevocationResult.AlreadyRevoked;
        // A redelivered request whose outcome was recorded before: finish what the first delivery may not have
        // (the retry message, the secret's deletion), but count the token once.
        if (result == RevocationResult.RetryScheduled) await ScheduleRetryAsync(request, outcome, cancellationToken);
        // The write took an active token to pending: like a request, it needs a stall hint in case its retry is lost.
        if (result == RevocationResult.RetryScheduled && write.Status == TokenWriteStatus.Committed && write.Before?.IsActive == true)
            await due.FileStallHintAsync(record.TokenId, now, options.Value, cancellationToken);
        await FinishAsync(record, request, outcome, result, write, cancellationToken);
        return result;
    }

    /// <summary>
    /// The ledger never shows an outcome without its request: a token that is not <c>revocation-pending</c> (active, or
    /// failed and asked again) gets its <c>revocation.requested</c> entry first and becomes pending. For the worker this
    /// is a request its requester never recorded (the requester queues before it writes, and that write was lost or
    /// has not landed yet): <paramref name="unrecorded"/> marks the entry so. A token asked again keeps the reason it
    /// was first revoked for; the new request's reason is in its own entry.
    /// </summary>
    internal static RevocationStatus EnsureRequested(
        TokenRecord current, LedgerAppender ledger, string reason, string requestedBy, string? actor, DateTimeOffset now, bool unrecorded = false,
        string? incident = null)
    {
        if (current.State == TokenStates.RevocationPending) return current.Revocation;
        AppendRequested(ledger, reason, requestedBy, actor, now, unrecorded, incident);
        return new RevocationStatus
        {
            State = TokenStates.RevocationPending, Reason = current.Revocation.Reason ?? reason, RequestedAt = now, LastActivityAt = now,
        };
    }

    /// <summary>
    /// The ledger entry of a new request: who asked (<c>requestedBy</c>: the path; <c>actor</c>: the person or principal, if any)
    /// and, for an incident's revocation, the incident's id (<c>incident</c>).
    /// </summary>
    internal static void AppendRequested(
        LedgerAppender ledger, string reason, string requestedBy, string? actor, DateTimeOffset now, bool unrecorded = false, string? incident = null)
    {
        var data = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["requestedBy"] = requestedBy };
        if (actor is not null) data["actor"] = actor;
        if (incident is not null) data["incident"] = incident;
        if (unrecorded) data["recordedBy"] = "worker";
        ledger.Append("revocation.requested", Decisions.Accepted, reason, now, JsonSerializer.Serialize(data));
    }

    /// <summary>
    /// A request for a failed token that was made before the failure was recorded (a retry, or a second message for the
    /// same revocation, as from overlapping sweeps) is spent: only a request made after the failure asks again.
    /// </summary>
    private static bool IsSpent(TokenRecord token, RevocationRequest request) =>
        token.State == TokenStates.RevocationFailed && (request.Attempt > 1 || request.RequestedAt <= token.Revocation.CompletedAt);

    /// <summary>True when the result takes the token out of the active count (see <see cref="ActiveTokenCount.CountedWriteAsync"/>).</summary>
    private static bool Ends(RevocationResult result) => result is RevocationResult.Revoked or RevocationResult.Failed;

    /// <summary>The provider's answer, and the provider's name for the ledger.</summary>
    private async Task<(RevocationOutcome Outcome, string Provider)> CallProviderAsync(
        TokenRecord record, string reason, CancellationToken cancellationToken)
    {
        // A class (or its provider) taken out of the policy since the token was issued: nothing to call, permanently.
        if (record.View.Class is not { } className || policy.FindClass(className) is not { } cls
            || !policy.Providers.TryGetValue(cls.Provider, out var provider))
            return (RevocationOutcome.Failed(
                $"class '{record.View.Class}' or its provider is not in the policy: nothing to revoke it with (restore the class, then revctl revoke)"), "(none)");
        var outcome = _providers.TryGetValue(provider.Kind, out var adapter)
            ? await adapter.RevokeAsync(new ProviderRevocation(record.TokenId, provider, record.View.Credential!, reason), cancellationToken)
            : RevocationOutcome.Failed($"no adapter for provider kind '{provider.Kind}'");
        return (outcome, provider.Name);
    }

    private RevocationResult ResultOf(RevocationOutcome outcome, int attempt) =>
        outcome.IsConfirmed ? RevocationResult.Revoked
        : outcome.Kind == RevocationOutcomeKind.Failed || attempt >= options.Value.MaxAttempts ? RevocationResult.Failed
        : RevocationResult.RetryScheduled;

    private static TokenRecord RecordOutcome(
        TokenRecord current, LedgerAppender ledger, RevocationRequest request, RevocationOutcome outcome, string provider,
        RevocationResult result, DateTimeOffset now)
    {
        var data = JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["attempt"] = request.Attempt, ["outcome"] = outcome.Kind.ToString(), ["detail"] = outcome.Detail, ["provider"] = provider,
        });
        (string type, string state, string decision) = result switch
        {
            RevocationResult.Revoked when outcome.Kind == RevocationOutcomeKind.AccessRemoved =>
                ("revocation.access-removed", TokenStates.AccessRemoved, Decisions.Accepted),
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
                LastActivityAt = now,
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

    /// <summary>Deletes the revoked token's value from the store that holds it for the pipeline, if any. Safe to repeat.</summary>
    public async Task ForgetValueAsync(TokenRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.View.Credential?.SecretRef is { } secretRef && secrets.CanResolve(secretRef))
            await secrets.TryDeleteAsync(secretRef, cancellationToken);
    }

    /// <summary>After the write: the stored value's deletion (unless a batch deletes it later) and the log.</summary>
    private async Task FinishAsync(
        TokenRecord record, RevocationRequest request, RevocationOutcome outcome, RevocationResult result, TokenWrite write,
        CancellationToken cancellationToken, bool forgetValue = true)
    {
        switch (result)
        {
            case RevocationResult.Revoked:
                if (forgetValue) await ForgetValueAsync(record, cancellationToken);
                LogRevoked(logger, record.TokenId, request.Reason, outcome.Kind);
                break;
            case RevocationResult.Failed:
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
