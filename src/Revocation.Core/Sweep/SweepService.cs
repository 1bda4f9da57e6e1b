using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    RevocationService revocations,
    OffboardingService offboarding,
    TokenWriter writer,
    IOptions<SweepOptions> options,
    IOptions<OffboardingOptions> offboardingOptions,
    TimeProvider time,
    ILogger<SweepService> logger)
{
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
            if (items.Count >= options.Value.MaxItemsPerRun) break;
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
            if (token is null || !token.IsActive) { stale.Add((hint, null)); continue; }
            if (cls is null)
            {
                items[hint.TokenId] = (new SweepItem(hint.TokenId, SweepActions.ClassRemoved, [Reasons.ClassRemoved]), token);
                done.Add(hint);
                continue;
            }
            var reasons = DueCalculator.ReasonsAt(token.View, cls, offboarded, now);
            if (reasons.Count == 0) { stale.Add((hint, token.NextDueAt)); continue; }
            var action = reasons.Count == 1 && reasons[0] == Reasons.OwnerOffboarded && cls.OnOwnerOffboarded != OffboardAction.Revoke
                ? SweepActions.Reassign : SweepActions.Revoke;
            items[hint.TokenId] = (new SweepItem(hint.TokenId, action, reasons), token);
            done.Add(hint);
        }

        var planned = items.Values.Count(i => i.Item.Action == SweepActions.Revoke);
        var (active, guard) = await SweepGuard.CheckAsync(planned, counter, policy.Sweep, cancellationToken);
        var report = new SweepReport(now, mode, [.. items.Values.Select(i => i.Item)], planned, active, guard, hintsRead, tokensRead, 0);
        if (mode == SweepMode.DryRun) return report;

        foreach (var (hint, refile) in stale)
        {
            // Re-file before deleting, and never delete a token's only hint: an active token must keep one.
            if (refile == hint.DueAt) continue;
            if (refile is { } at) await due.UpsertAsync(hint.TokenId, at, cancellationToken);
            await due.DeleteAsync(hint, cancellationToken);
        }
        report = report with { StaleHintsCleaned = stale.Count };
        if (guard is not null && mode != SweepMode.Confirm)
        {
            await RecordGuardTripAsync(now, guard, planned, active, cancellationToken);
            LogGuardTripped(logger, guard);
            return report;
        }
        // Tokens are independent: a queue batch's worth at a time (the stall hints they file, all in one hour's
        // partition, then share transactions). One token's failure does not stop the others; its hint is kept for
        // the next run and the run fails at the end.
        var failures = new ConcurrentQueue<Exception>();
        var actedOn = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentTokens, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items.Values, parallel, async (entry, ct) =>
        {
            try
            {
                await ActAsync(entry.Item, entry.Token, mode, now, ct);
                actedOn[entry.Item.TokenId] = true;
            }
            catch (Exception ex) when (!ex.IsFatal() && !ct.IsCancellationRequested)
            {
                LogItemFailed(logger, ex, entry.Item.TokenId, entry.Item.Action);
                failures.Enqueue(ex);
            }
        });
        await Parallel.ForEachAsync(done.Where(h => actedOn.ContainsKey(h.TokenId)), parallel, async (hint, ct) => await due.DeleteAsync(hint, ct));
        await RecheckRecentOffboardingsAsync(offboarded, now, items.Keys, cancellationToken);
        LogSwept(logger, items.Count, planned, hintsRead);
        if (!failures.IsEmpty) ExceptionDispatchInfo.Throw(failures.First());
        return report;
    }

    [LoggerMessage(EventId = 2001, EventName = "SweepGuardTripped", Level = LogLevel.Warning,
        Message = "Sweep revoked nothing: {Guard}. Review with 'revctl sweep --dry-run', proceed with 'revctl sweep --confirm'")]
    private static partial void LogGuardTripped(ILogger logger, string guard);

    [LoggerMessage(EventId = 2002, EventName = "SweepCompleted", Level = LogLevel.Information,
        Message = "Sweep handled {Items} due tokens ({Revocations} revocations) from {Hints} hints")]
    private static partial void LogSwept(ILogger logger, int items, int revocations, int hints);

    [LoggerMessage(EventId = 2003, EventName = "RevocationRequeued", Level = LogLevel.Warning,
        Message = "Token {TokenId} was revocation-pending with no progress since {Since}; its request is re-queued")]
    private static partial void LogRequeued(ILogger logger, string tokenId, DateTimeOffset since);

    [LoggerMessage(EventId = 2004, EventName = "RevocationGivenUp", Level = LogLevel.Error,
        Message = "Token {TokenId} is revocation-failed: its request was lost again (no progress since {Since}, {Requeues} re-queues); see the revocations poison queue")]
    private static partial void LogGivenUp(ILogger logger, string tokenId, DateTimeOffset since, int requeues);

    [LoggerMessage(EventId = 2005, EventName = "SweepItemFailed", Level = LogLevel.Warning,
        Message = "Sweep could not {Action} token {TokenId}; its hint is kept for the next run")]
    private static partial void LogItemFailed(ILogger logger, Exception exception, string tokenId, string action);
}
