using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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

        var cls = policy.FindClass(record.View.Class!)!;
        var provider = policy.ProviderFor(cls);
        var outcome = _providers.TryGetValue(provider.Kind, out var adapter)
            ? await adapter.RevokeAsync(new ProviderRevocation(record.TokenId, provider, record.View.Credential!, request.Reason), cancellationToken)
            : RevocationOutcome.Failed($"no adapter for provider kind '{provider.Kind}'");

        var opts = options.Value;
        var final = outcome.IsConfirmed || outcome.Kind == RevocationOutcomeKind.Failed || request.Attempt >= opts.MaxAttempts;
        var result = outcome.IsConfirmed ? RevocationResult.Revoked : final ? RevocationResult.Failed : RevocationResult.RetryScheduled;
        var now = time.GetUtcNow();
        var write = await writer.UpdateAsync(record.TokenId, now, $"revocation|{request.RequestedAt.UtcTicks}|{request.Attempt}", (current, ledger) =>
        {
            if (current is null || current.State == TokenStates.Revoked) return null;
            var data = JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["attempt"] = request.Attempt, ["outcome"] = outcome.Kind.ToString(), ["detail"] = outcome.Detail, ["provider"] = provider.Name,
            });
            var status = current.Revocation with { Attempts = request.Attempt, Reason = request.Reason };
            (string type, string state, string decision) = result switch
            {
                RevocationResult.Revoked => ("revocation.confirmed", TokenStates.Revoked, Decisions.Accepted),
                RevocationResult.Failed => ("revocation.failed", TokenStates.RevocationFailed, Decisions.Rejected),
                _ => ("revocation.attempt-failed", TokenStates.RevocationPending, Decisions.Pending),
            };
            ledger.Append(type, decision, request.Reason, now, data);
            return current with
            {
                Revocation = status with
                {
                    State = state,
                    LastError = outcome.IsConfirmed ? null : outcome.Detail,
                    CompletedAt = final ? now : null,
                },
            };
        }, cancellationToken, known: record);
        if (write.Status == TokenWriteStatus.NoChange) return RevocationResult.AlreadyRevoked;
        // A redelivered request whose outcome was recorded before: finish what the first delivery may not have
        // (the retry message, the secret's deletion), but count the token once.
        var firstDelivery = write.Status == TokenWriteStatus.Committed;

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
            default:
                var delay = opts.DelayBefore(request.Attempt + 1, outcome.RetryAfter, Random.Shared.NextDouble());
                await queue.EnqueueAsync(request with { Attempt = request.Attempt + 1 }, delay, cancellationToken);
                LogRetry(logger, record.TokenId, request.Attempt, delay, outcome.Detail);
                break;
        }
        return result;
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
