using System.Text.Json;
using Revocation.Core.Offboarding;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Sweep;

/// <summary>What a sweep does to each due token once planned, and its bookkeeping.</summary>
public sealed partial class SweepService
{
    private async Task ActAsync(SweepItem item, TokenRecord token, SweepMode mode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (item.Action == SweepActions.Revoke)
        {
            await requester.RequestAsync(item.TokenId, item.Reasons[0], mode == SweepMode.Confirm ? "sweep-confirmed" : "sweep", null,
                cancellationToken, known: token);
        }
        else if (item.Action == SweepActions.Reassign)
        {
            if (token.View.Owner is { } owner && await people.TryGetAsync(owner, cancellationToken) is { } person)
                await offboarding.ApplyToTokenAsync(token, person, cancellationToken);
        }
        else if (item.Action == SweepActions.ClassRemoved)
        {
            await revocations.RevokeNowAsync(token, Reasons.ClassRemoved, "sweep", null, cancellationToken);
        }
        else if (item.Action == SweepActions.Requeue)
        {
            var since = RevocationRequester.StalledSince(token.Revocation);
            var result = await requester.RequeueStalledAsync(token, now, cancellationToken);
            if (result == RequeueResult.Requeued) LogRequeued(logger, item.TokenId, since);
            else if (result == RequeueResult.GivenUp) LogGivenUp(logger, item.TokenId, since, token.Revocation.Requeues);
        }
    }

    private async Task RecheckRecentOffboardingsAsync(
        IReadOnlyDictionary<string, DateTimeOffset> offboarded, DateTimeOffset now, IEnumerable<string> handled, CancellationToken cancellationToken)
    {
        var skip = handled.ToHashSet(StringComparer.Ordinal);
        foreach (var (personId, effectiveAt) in offboarded)
        {
            if (effectiveAt > now || now - effectiveAt > offboardingOptions.Value.RecheckWindow) continue;
            OffboardingRecord? person = null;
            await foreach (var tokenId in persons.ListTokensAsync(personId, cancellationToken))
            {
                if (skip.Contains(tokenId)) continue;
                // One token's failure is logged and left for the next run; it never stops the others.
                try
                {
                    var token = await tokens.TryGetAsync(tokenId, cancellationToken);
                    if (token is null || !token.IsActive || !OffboardingService.IsOwnerOrHolder(token, personId)) continue;
                    person ??= await people.TryGetAsync(personId, cancellationToken);
                    if (person is not null) await offboarding.ApplyToTokenAsync(token, person, cancellationToken);
                }
                catch (Exception ex) when (!ex.IsFatal() && !cancellationToken.IsCancellationRequested)
                {
                    LogItemFailed(logger, ex, tokenId, "recheck-offboarding");
                }
            }
        }
    }

    private async Task RecordGuardTripAsync(DateTimeOffset now, string guard, int revocations, long active, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["revocations"] = revocations, ["activeTokens"] = active,
            ["maxRevocationsPerRun"] = policy.Sweep.MaxRevocationsPerRun, ["maxRevokedFraction"] = policy.Sweep.MaxRevokedFraction,
        });
        await writer.AppendSystemAsync("sweep.guard-tripped", Decisions.Rejected, guard, now, data, now, null, cancellationToken);
    }
}
