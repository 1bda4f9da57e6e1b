using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;

namespace Revocation.Core.Incidents;

/// <summary>
/// Incident response: revokes every token a selector matches, behind the sweep's blast-radius guard, with the incident's
/// id in every ledger entry it causes. Candidates come from one index (holder, source, owner, class, or the classes of a
/// provider: cost grows with the slice, not the estate); each is checked against its state row (an index row is a hint)
/// and the whole selector. Active and <c>revocation-failed</c> tokens are revoked: inline first (the first provider call
/// made here, within <see cref="IncidentOptions.InlineBudget"/>), then through the revocations queue. Any caller can use
/// it: <c>revctl revoke</c>, the <c>incident.declared</c> event, a signal mapped to "revoke this credential now".
/// </summary>
public sealed partial class IncidentService(
    PolicyDocument policy,
    ITokenStore tokens,
    ISliceIndex slices,
    IPersonIndex persons,
    IActiveTokenCounter counter,
    RevocationRequester requester,
    RevocationService revocations,
    TokenWriter writer,
    IIncidentStore incidents,
    IOptions<IncidentOptions> options,
    TimeProvider time,
    ILogger<IncidentService> logger)
{
    /// <summary>The path recorded as <c>requestedBy</c> in every revocation an incident requests.</summary>
    public const string RequestedBy = "incident";

    /// <summary>Why <paramref name="selector"/> cannot be used (see <see cref="IncidentSelectorCheck"/>); null when it can.</summary>
    public string? Problem(IncidentSelector selector, string prefix) => IncidentSelectorCheck.Problem(selector, policy, prefix);

    /// <summary>
    /// Finds the slice, checks the guard, and (unless <see cref="SweepMode.DryRun"/>) revokes it. A guard that trips stops
    /// a <see cref="SweepMode.Normal"/> run before anything is revoked, and records why; <see cref="SweepMode.Confirm"/>
    /// proceeds. A dry run writes nothing. Safe to repeat with the same id (a redelivered event): tokens already
    /// revoked or pending are left alone, and the ledger records the declaration once.
    /// </summary>
    public async Task<IncidentReport> DeclareAsync(
        IncidentDeclaration incident, SweepMode mode, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (Problem(incident.Selector, "") is { } problem) throw new ArgumentException(problem, nameof(incident));
        var plan = await PlanAsync(incident.Selector, progress, cancellationToken);
        var targets = plan.Matched.Where(m => m.Record.IsActive || m.Record.State == TokenStates.RevocationFailed).ToList();
        var (active, guard) = await SweepGuard.CheckAsync(targets.Count, counter, policy.Sweep, cancellationToken);
        var report = new IncidentReport(incident.Id, mode, incident.Selector.Describe(), [], targets.Count, active, guard,
            plan.HintsRead, plan.TokensRead, mode == SweepMode.DryRun ? 0 : plan.Stale.Count);
        if (mode == SweepMode.DryRun) return report with { Items = Items(plan, IncidentOutcomes.WouldRevoke) };

        await RemoveRowsAsync(plan.Stale, cancellationToken);
        if (guard is not null && mode != SweepMode.Confirm)
        {
            await RecordGuardTripAsync(incident, guard, targets.Count, active, cancellationToken);
            LogGuardTripped(logger, incident.Id, guard);
            return report with { Items = Items(plan, IncidentOutcomes.Held) };
        }
        await RecordDeclaredAsync(incident, mode, plan.Matched.Count, targets.Count, cancellationToken);
        var (outcomes, failures) = await RevokeAllAsync(incident, [.. targets.Select(t => t.Record)], progress, cancellationToken);
        var items = Items(plan, IncidentOutcomes.Queued, outcomes);
        // A token this incident saw revoked is closed for good: its slice row is no longer worth reading.
        await RemoveRowsAsync([.. plan.Matched.Where(m => outcomes.GetValueOrDefault(m.Record.TokenId) == IncidentOutcomes.Revoked).Select(m => m.Found)],
            cancellationToken);
        await RecordCountsAsync(incident, items, cancellationToken);
        var revokedInline = items.Count(i => i.Outcome == IncidentOutcomes.Revoked);
        var queued = items.Count(i => i.Outcome == IncidentOutcomes.Queued);
        LogDeclared(logger, incident.Id, plan.Matched.Count, revokedInline, queued);
        // One token's failure did not stop the others; the first is rethrown as it was (its type tells a queue host
        // whether to retry), and a redelivery picks up what is still active.
        if (!failures.IsEmpty) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures.First());
        return report with { Items = items };
    }

    /// <summary>Reads the chosen index, then every candidate's state row (bounded concurrency).</summary>
    private async Task<IncidentPlan> PlanAsync(IncidentSelector selector, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<Candidate>();
        var hintsRead = 0;
        foreach (var (dimension, value) in Sources(selector))
        {
            var rows = dimension is null ? persons.ListTokensAsync(value, cancellationToken) : slices.ListTokensAsync(dimension, value, cancellationToken);
            await foreach (var tokenId in rows)
            {
                hintsRead++;
                if (seen.Add(tokenId)) candidates.Add(new Candidate(tokenId, dimension, value));
            }
        }
        var matched = new ConcurrentBag<Matched>();
        var stale = new ConcurrentBag<Candidate>();
        var read = 0;
        // State reads only (no provider call): four times the revoking concurrency, up to 64.
        var reads = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(64, options.Value.MaxConcurrentTokens * 4), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(candidates, reads, async (c, ct) =>
        {
            var record = await tokens.TryGetAsync(c.TokenId, ct);
            var done = Interlocked.Increment(ref read);
            progress?.Report((done, candidates.Count));
            // A slice row whose token moved on (another source after a transfer) or is closed for good is cleaned;
            // person-index rows belong to offboarding and are left as they are.
            if (c.Dimension is not null && (record is null || !SliceValues.Has(record, c.Dimension, c.Value) || TokenStates.IsClosed(record.State)))
                stale.Add(c);
            if (record is not null && selector.Matches(record, policy)) matched.Add(new Matched(record, SelectorProvider(record), c));
        });
        return new IncidentPlan([.. matched.OrderBy(m => m.Record.TokenId, StringComparer.Ordinal)], [.. stale], hintsRead, read);
    }

    /// <summary>
    /// The one index that answers the selector: holder, source, owner (the person index), class, else every class of the
    /// provider. Narrowest first by how estates look: a workload holds few tokens, a partner issues some, a class holds many.
    /// </summary>
    private List<(string? Dimension, string Value)> Sources(IncidentSelector s)
    {
        if (s.Holder is not null) return [(SliceDimensions.Holder, s.Holder)];
        if (s.Source is not null) return [(SliceDimensions.Source, s.Source)];
        if (s.Owner is not null) return [(null, s.Owner)];
        if (s.Class is not null) return [(SliceDimensions.Class, s.Class)];
        return [.. policy.Classes.Values.Where(c => c.Provider == s.Provider).Select(c => ((string?)SliceDimensions.Class, c.Name))];
    }

    /// <summary>Slice rows of the given candidates (person-index ones are offboarding's and stay), batched per indexed value.</summary>
    private async Task RemoveRowsAsync(IReadOnlyList<Candidate> rows, CancellationToken cancellationToken)
    {
        foreach (var group in rows.Where(r => r.Dimension is not null).GroupBy(r => (r.Dimension!, r.Value)))
            await slices.RemoveAsync(group.Key.Item1, group.Key.Value, [.. group.Select(r => r.TokenId)], cancellationToken);
    }

    private string? SelectorProvider(TokenRecord record) => IncidentSelector.ProviderOf(record, policy);

    private ParallelOptions Bounded(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = options.Value.MaxConcurrentTokens, CancellationToken = cancellationToken };

    private static List<IncidentItem> Items(IncidentPlan plan, string targetOutcome, IReadOnlyDictionary<string, string>? outcomes = null) =>
        [.. plan.Matched.Select(m => new IncidentItem(m.Record.TokenId, m.Record.View.Class, m.Provider, TokenSources.Of(m.Record), m.Record.View.Owner,
            m.Record.State, outcomes?.GetValueOrDefault(m.Record.TokenId) ?? OutcomeBefore(m.Record, targetOutcome)))];

    private static string OutcomeBefore(TokenRecord token, string targetOutcome) =>
        TokenStates.IsClosed(token.State) ? IncidentOutcomes.AlreadyRevoked
        : token.State == TokenStates.RevocationPending ? IncidentOutcomes.AlreadyPending
        : targetOutcome;

    private sealed record Candidate(string TokenId, string? Dimension, string Value);

    private sealed record Matched(TokenRecord Record, string? Provider, Candidate Found);

    private sealed record IncidentPlan(IReadOnlyList<Matched> Matched, IReadOnlyList<Candidate> Stale, int HintsRead, int TokensRead);
}
