using System.Text.Json;
using Microsoft.Extensions.Logging;
using Revocation.Core.Ledger;
using Revocation.Core.Offboarding;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Sweep;

/// <summary>
/// One sweep: reads the due index up to now (cost grows with what is due, not with the estate), checks each
/// hinted token against its state, plans revocations, applies the blast-radius guard, then queues them.
/// Safe to overlap: state writes use ETags and the revocation worker is idempotent.
/// </summary>
public sealed partial class SweepService(
    PolicyDocument policy,
    ITokenStore tokens,
    IDueIndex due,
    IPeopleStore people,
    IPersonIndex persons,
    IActiveTokenCounter counter,
    RevocationRequester requester,
    OffboardingService offboarding,
    TokenWriter writer,
    TimeProvider time,
    ILogger<SweepService> logger)
{
    /// <summary>Hard cap on tokens examined per run, even when confirmed; the rest waits for the next run.</summary>
    public const int MaxItemsPerRun = 100_000;

    /// <summary>Due tokens acted on at once: 16, like one queue batch.</summary>
    public const int MaxConcurrentTokens = 16;

    /// <summary>
    /// How long after an offboarding the sweep re-reads the person's index. Closes the race with an issuance
    /// that read the intake's offboarded-people cache (30 s) just before the person left. Covers two runs at
    /// the default five-minute schedule.
    /// </summary>
    public static readonly TimeSpan OffboardingRecheckWindow = TimeSpan.FromMinutes(15);

    public async Task<SweepReport> RunAsync(SweepMode mode, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var offboarded = await people.GetOffboardedAsync(cancellationToken, fresh: true);
        var items = new Dictionary<string, (SweepItem Item, TokenRecord Token)>(StringComparer.Ordinal);
        var stale = new List<(DueHint Hint, DateTimeOffset? Refile)>();
        var done = new List<DueHint>();
        int hintsRead = 0, tokensRead = 0;
        await foreach (var hint in due.ListDueAsync(now, cancellationToken))
        {
            hintsRead++;
            if (items.ContainsKey(hint.TokenId)) { done.Add(hint); continue; }
            if (items.Count >= MaxItemsPerRun) break;
            var token = await tokens.TryGetAsync(hint.TokenId, cancellationToken);
            tokensRead++;
            var cls = token?.View.Class is { } c ? policy.FindClass(c) : null;
            if (token?.State == TokenStates.RevocationPending)
            {
                // A pending token's hint is its stall check: re-queue a lost request, else look again when it would stall.
                if (requester.IsStalled(token, now))
                {
                    items[hint.TokenId] = (new SweepItem(hint.TokenId, SweepActions.Requeue, [token.Revocation.Reason ?? Reasons.Manual]), token);
                    done.Add(hint);
                }
                else stale.Add((hint, requester.StallDueAt(token)));
                continue;
            }
            if (token is null || !token.IsActive || cls is null) { stale.Add((hint, null)); continue; }
            var reasons = DueCalculator.ReasonsAt(token.View, cls, offboarded, now);
            if (reasons.Count == 0) { stale.Add((hint, token.NextDueAt)); continue; }
            var action = reasons.Count == 1 && reasons[0] == Reasons.OwnerOffboarded && cls.OnOwnerOffboarded != OffboardAction.Revoke
                ? SweepActions.Reassign : SweepActions.Revoke;
            items[hint.TokenId] = (new SweepItem(hint.TokenId, action, reasons), token);
            done.Add(hint);
        }

        var revocations = items.Values.Count(i => i.Item.Action == SweepActions.Revoke);
        var active = revocations == 0 ? 0 : await counter.GetAsync(cancellationToken);
        var guard = revocations == 0 ? null : SweepGuard.Check(revocations, active, policy.Sweep);
        var report = new SweepReport(now, mode, [.. items.Values.Select(i => i.Item)], revocations, active, guard, hintsRead, tokensRead, 0);
        if (mode == SweepMode.DryRun) return report;

        foreach (var (hint, refile) in stale)
        {
            // Re-file before deleting, and never delete a token's only hint: an active token must keep one.
            if (refile == hint.DueAt) continue;
            if (refile is { } at) await due.UpsertAsync(hint.TokenId, at, cancellationToken);
            await due.DeleteAsync(hint, cancellationToken);
        }
        report = report with { StaleHintsCleaned = stale.Count };
        // Re-queues are revocations decided before (and counted then): the guard, which bounds new ones, does not hold them.
        foreach (var (item, token) in items.Values)
            if (item.Action == SweepActions.Requeue && await requester.RequeueStalledAsync(token, now, cancellationToken))
                LogRequeued(logger, item.TokenId, token.Revocation.LastActivityAt ?? token.Revocation.RequestedAt);
        if (guard is not null && mode != SweepMode.Confirm)
        {
            await RecordGuardTripAsync(now, guard, revocations, active, cancellationToken);
            LogGuardTripped(logger, guard);
            return report;
        }
        // Tokens are independent: a queue batch's worth at a time, which also lets index rows of one partition (the
        // stall hints of one hour, the hints deleted) share a transaction.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentTokens, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items.Values, parallel, async (entry, ct) =>
        {
            var (item, token) = entry;
            if (item.Action == SweepActions.Revoke)
                await requester.RequestAsync(item.TokenId, item.Reasons[0], mode == SweepMode.Confirm ? "sweep-confirmed" : "sweep", null, ct, known: token);
            else if (item.Action == SweepActions.Reassign && token.View.Owner is { } owner && await people.TryGetAsync(owner, ct) is { } person)
                await offboarding.ApplyToTokenAsync(token, person, ct);
        });
        await Parallel.ForEachAsync(done, parallel, async (hint, ct) => await due.DeleteAsync(hint, ct));
        await RecheckRecentOffboardingsAsync(offboarded, now, items.Keys, cancellationToken);
        LogSwept(logger, items.Count, revocations, hintsRead);
        return report;
    }

    private async Task RecheckRecentOffboardingsAsync(
        IReadOnlyDictionary<string, DateTimeOffset> offboarded, DateTimeOffset now, IEnumerable<string> handled, CancellationToken cancellationToken)
    {
        var skip = handled.ToHashSet(StringComparer.Ordinal);
        foreach (var (personId, effectiveAt) in offboarded)
        {
            if (effectiveAt > now || now - effectiveAt > OffboardingRecheckWindow) continue;
            OffboardingRecord? person = null;
            await foreach (var tokenId in persons.ListTokensAsync(personId, cancellationToken))
            {
                if (skip.Contains(tokenId)) continue;
                var token = await tokens.TryGetAsync(tokenId, cancellationToken);
                if (token is null || !token.IsActive || (token.View.Owner != personId && token.View.Holder != personId)) continue;
                person ??= await people.TryGetAsync(personId, cancellationToken);
                if (person is not null) await offboarding.ApplyToTokenAsync(token, person, cancellationToken);
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
        await writer.UpdateAsync(LedgerChains.System, now, null, (current, ledger) =>
        {
            ledger.Append("sweep.guard-tripped", Decisions.Rejected, guard, now, data);
            return current ?? TokenRecords.New(LedgerChains.System);
        }, cancellationToken);
    }

    [LoggerMessage(EventId = 2001, EventName = "SweepGuardTripped", Level = LogLevel.Warning,
        Message = "Sweep revoked nothing: {Guard}. Review with 'revctl sweep --dry-run', proceed with 'revctl sweep --confirm'")]
    private static partial void LogGuardTripped(ILogger logger, string guard);

    [LoggerMessage(EventId = 2003, EventName = "RevocationRequeued", Level = LogLevel.Warning,
        Message = "Token {TokenId} was revocation-pending with no progress since {Since}; its request is re-queued")]
    private static partial void LogRequeued(ILogger logger, string tokenId, DateTimeOffset? since);

    [LoggerMessage(EventId = 2002, EventName = "SweepCompleted", Level = LogLevel.Information,
        Message = "Sweep handled {Items} due tokens ({Revocations} revocations) from {Hints} hints")]
    private static partial void LogSwept(ILogger logger, int items, int revocations, int hints);
}
