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
    /// <para>
    /// The index's rows are an upper bound of the slice (a row is a hint; a token is acted on only if its state row
    /// matches). When that bound already passes the guard (or the run is confirmed), each candidate is revoked as soon
    /// as its state row is read, so finding and revoking overlap; otherwise every state row is read first and the guard
    /// decides on the exact slice.
    /// </para>
    /// </summary>
    public async Task<IncidentReport> DeclareAsync(
        IncidentDeclaration incident, SweepMode mode, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (Problem(incident.Selector, "") is { } problem) throw new ArgumentException(problem, nameof(incident));
        var found = await FindAsync(incident.Selector, cancellationToken);
        if (mode != SweepMode.DryRun)
        {
            var (upperActive, upperGuard) = await SweepGuard.CheckAsync(found.Candidates.Count, counter, policy.Sweep, cancellationToken);
            if (upperGuard is null || mode == SweepMode.Confirm)
                return await ActAsync(incident, mode, found, known: null, upperActive, upperGuard, progress, cancellationToken);
        }

        var plan = await CheckAllAsync(incident.Selector, found, progress, cancellationToken);
        var targets = plan.Matched.Where(m => IsTarget(m.Record)).ToList();
        var (active, guard) = await SweepGuard.CheckAsync(targets.Count, counter, policy.Sweep, cancellationToken);
        if (mode == SweepMode.DryRun)
            return new IncidentReport(incident.Id, mode, incident.Selector.Describe(), Items(plan.Matched, IncidentOutcomes.WouldRevoke), targets.Count,
                active, guard, found.HintsRead, plan.TokensRead, 0);
        if (guard is null)
            return await ActAsync(incident, mode, found, plan, active, guard, progress, cancellationToken);

        await RemoveRowsAsync(plan.Stale, cancellationToken);
        await RecordGuardTripAsync(incident, guard, targets.Count, active, cancellationToken);
        LogGuardTripped(logger, incident.Id, guard);
        return new IncidentReport(incident.Id, mode, incident.Selector.Describe(), Items(plan.Matched, IncidentOutcomes.Held), targets.Count,
            active, guard, found.HintsRead, plan.TokensRead, plan.Stale.Count);
    }

    /// <summary>Reads the chosen index: every candidate once, in the index's order.</summary>
    private async Task<Found> FindAsync(IncidentSelector selector, CancellationToken cancellationToken)
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
        return new Found(candidates, hintsRead);
    }

    /// <summary>Reads every candidate's state row (bounded concurrency) and checks it against the selector.</summary>
    private async Task<IncidentPlan> CheckAllAsync(
        IncidentSelector selector, Found found, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var records = new ConcurrentDictionary<string, TokenRecord?>(StringComparer.Ordinal);
        var matched = new ConcurrentBag<Matched>();
        var stale = new ConcurrentBag<Candidate>();
        var read = 0;
        // State reads only (no provider call): four times the revoking concurrency, up to 64.
        var reads = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(64, options.Value.MaxConcurrentTokens * 4), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(found.Candidates, reads, async (c, ct) =>
        {
            var record = await tokens.TryGetAsync(c.TokenId, ct);
            records[c.TokenId] = record;
            var done = Interlocked.Increment(ref read);
            progress?.Report((done, found.Candidates.Count));
            if (Classify(selector, c, record, stale) is { } m) matched.Add(m);
        });
        return new IncidentPlan(SortById(matched), [.. stale], read, records);
    }

    /// <summary>
    /// A candidate's state row against the selector: the match (null when it does not match), and its slice row put in
    /// <paramref name="stale"/> when the token moved on (another source after a transfer) or is closed for good. Person-
    /// index rows belong to offboarding and are left as they are.
    /// </summary>
    private Matched? Classify(IncidentSelector selector, Candidate c, TokenRecord? record, ConcurrentBag<Candidate> stale)
    {
        if (c.Dimension is not null && (record is null || !SliceValues.Has(record, c.Dimension, c.Value) || TokenStates.IsClosed(record.State)))
            stale.Add(c);
        return record is not null && selector.Matches(record, policy) ? new Matched(record, SelectorProvider(record), c) : null;
    }

    /// <summary>Tokens still live at their provider: active, or <c>revocation-failed</c> (asked again).</summary>
    private static bool IsTarget(TokenRecord record) => record.IsActive || record.State == TokenStates.RevocationFailed;

    private static List<Matched> SortById(IEnumerable<Matched> matched) => [.. matched.OrderBy(m => m.Record.TokenId, StringComparer.Ordinal)];

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

    private static List<IncidentItem> Items(IReadOnlyList<Matched> matched, string targetOutcome, IReadOnlyDictionary<string, string>? outcomes = null) =>
        [.. matched.Select(m => new IncidentItem(m.Record.TokenId, m.Record.View.Class, m.Provider, TokenSources.Of(m.Record), m.Record.View.Owner,
            m.Record.State, outcomes?.GetValueOrDefault(m.Record.TokenId) ?? OutcomeBefore(m.Record, targetOutcome)))];

    private static string OutcomeBefore(TokenRecord token, string targetOutcome) =>
        TokenStates.IsClosed(token.State) ? IncidentOutcomes.AlreadyRevoked
        : token.State == TokenStates.RevocationPending ? IncidentOutcomes.AlreadyPending
        : targetOutcome;

    private sealed record Candidate(string TokenId, string? Dimension, string Value);

    private sealed record Matched(TokenRecord Record, string? Provider, Candidate Found);

    private sealed record Found(IReadOnlyList<Candidate> Candidates, int HintsRead);

    private sealed record IncidentPlan(
        IReadOnlyList<Matched> Matched, IReadOnlyList<Candidate> Stale, int TokensRead, IReadOnlyDictionary<string, TokenRecord?> Records);
}
