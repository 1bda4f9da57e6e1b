using Revocation.Core.Policy;
using Revocation.Core.Tokens;

namespace Revocation.Core.Posture;

/// <summary>
/// Governance posture with the sweep's own rules (<see cref="PostureTally"/>), so the report's "due" and "ownerless" are
/// what the sweep will act on. Built from group totals: the aggregates kept on every state change
/// (<see cref="FromTotals"/>, a row per group) or a full scan of the state rows (<see cref="From"/>: due recomputed
/// under the current policy and leavers). Due soon = falls due on or before the UTC day <see cref="DueSoon"/> from now.
/// Owners group as <see cref="PersonIds"/> compare: one row per person, however their id was spelled.
/// </summary>
public sealed record PostureReport(DateTimeOffset At, IReadOnlyList<PostureRow> ByClass, IReadOnlyList<PostureRow> ByOwner, IReadOnlyList<DueDay> DueNext30Days)
{
    /// <summary>"Due soon": falls due by the end of the UTC day 7 days from now.</summary>
    public static readonly TimeSpan DueSoon = TimeSpan.FromDays(7);

    public static PostureReport From(
        IReadOnlyList<TokenRecord> tokens, PolicyDocument policy, IReadOnlyDictionary<string, DateTimeOffset> offboarded, DateTimeOffset now) =>
        FromTotals(PostureTally.Fold(PostureTally.Cells(tokens, policy, offboarded)), now);

    /// <summary>The report from group totals; groups with no registered token left are not printed.</summary>
    public static PostureReport FromTotals(IReadOnlyDictionary<PostureGroup, PostureCounts> totals, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var soon = DateOnly.FromDateTime((now + DueSoon).UtcDateTime);
        var present = totals.Where(t => t.Value.Registered > 0).ToList();
        var classes = present.Where(t => t.Key.Dimension == PostureDimension.Class).ToList();
        var days = Enumerable.Range(0, 30).Select(d => today.AddDays(d))
            .Select(day => new DueDay(day, (int)classes.Sum(c => c.Value.DueByDay.GetValueOrDefault(day)))).ToList();
        return new PostureReport(now, Rows(classes, soon), Rows(present.Where(t => t.Key.Dimension == PostureDimension.Owner), soon), days);
    }

    private static List<PostureRow> Rows(IEnumerable<KeyValuePair<PostureGroup, PostureCounts>> groups, DateOnly soon) =>
        [.. groups.OrderBy(g => g.Key.Name, StringComparer.Ordinal).Select(g => new PostureRow(
            g.Key.Name,
            (int)g.Value.Active,
            (int)g.Value.DueByDay.Where(d => d.Key <= soon).Sum(d => d.Value),
            (int)g.Value.Ownerless,
            (int)g.Value.RevocationPending,
            (int)g.Value.Revoked,
            (int)g.Value.Failed,
            Math.Round((double)g.Value.Transfers / g.Value.Registered, 2),
            (int)g.Value.AccessRemoved,
            (int)g.Value.Discovered,
            (int)g.Value.Unclassified,
            (int)g.Value.Zombies))];

    /// <summary>
    /// Marks a report and a token list show beside the state: the token's flags (<c>discovered</c>, <c>unclassified</c>,
    /// <c>owner-missing</c>, ...) and <c>zombie</c> while a credential the ledger had revoked is being revoked again.
    /// </summary>
    public static IReadOnlyList<string> Marks(TokenRecord token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return IsZombie(token) ? [.. token.View.Flags, Reasons.Zombie] : [.. token.View.Flags];
    }

    /// <summary>A zombie: revoked in the ledger, still listed by its provider, so revocation was requested again (reason <c>zombie</c>).</summary>
    public static bool IsZombie(TokenRecord token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Revocation.Reason == Reasons.Zombie;
    }

}
