using Revocation.Core.Policy;
using Revocation.Core.Tokens;

namespace Revocation.Core.Posture;

/// <summary>
/// What each token adds to the posture report, with the sweep's rules: ownerless = <see cref="DueCalculator.IsOwnerless"/>
/// (a class that left the policy counts as requiring an owner), due = the token's due time. The same tally serves the
/// aggregates kept on every state change (due time as recorded with the token, <see cref="Changes"/>) and the full
/// scan (due recomputed under the current policy and leavers, <see cref="Cells"/>), so both print the same report
/// from the same estate. Both count in <see cref="PostureCell"/>s, folded into the report's rows by <see cref="Fold"/>.
/// </summary>
public static class PostureTally
{
    /// <summary>The change a state write makes: one entry per cell whose counts move (none for a write that changes no count).</summary>
    public static IReadOnlyList<PostureChange> Changes(TokenRecord? before, TokenRecord? after, PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var cells = new Dictionary<PostureCell, PostureCounts>();
        var keys = new HashSet<PostureCell>();
        if (before is not null) Add(cells, keys, before, policy, before.NextDueAt, -1);
        if (after is not null) Add(cells, keys, after, policy, after.NextDueAt, 1);
        return [.. cells.Where(t => !t.Value.IsZero).Select(t => new PostureChange(t.Key, t.Value))];
    }

    /// <summary>Every cell's totals from the state rows themselves (a scan), due recomputed as the sweep will see it.</summary>
    public static Dictionary<PostureCell, PostureCounts> Cells(
        IEnumerable<TokenRecord> tokens, PolicyDocument policy, IReadOnlyDictionary<string, DateTimeOffset> offboarded)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(policy);
        var cells = new Dictionary<PostureCell, PostureCounts>();
        var keys = new HashSet<PostureCell>();
        foreach (var token in tokens)
        {
            var cls = token.View.Class is { } c ? policy.FindClass(c) : null;
            Add(cells, keys, token, policy, cls is null ? token.NextDueAt : DueCalculator.NextDueAt(token.View, cls, offboarded), 1);
        }
        return cells;
    }

    /// <summary>The report's rows: each cell added to its class and to its owner (owners printed with the ordinal-first spelling).</summary>
    public static Dictionary<PostureGroup, PostureCounts> Fold(IEnumerable<KeyValuePair<PostureCell, PostureCounts>> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var totals = new Dictionary<PostureGroup, PostureCounts>();
        var keys = new HashSet<PostureGroup>();
        foreach (var (cell, counts) in cells)
        {
            PostureGroup.AddTo(totals, keys, cell.ClassGroup, counts);
            PostureGroup.AddTo(totals, keys, cell.OwnerGroup, counts);
        }
        return totals;
    }

    /// <summary>One token's own counts (each 0 or 1); null for a token that is not registered (not in the report).</summary>
    public static PostureCounts? Contribution(TokenRecord token, PolicyDocument policy, DateTimeOffset? dueAt)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(policy);
        if (!token.View.IsRegistered) return null;
        var cls = token.View.Class is { } c ? policy.FindClass(c) : null;
        var ownerless = cls is null ? token.View.Owner is null : DueCalculator.IsOwnerless(token.View, cls);
        var flags = token.View.Flags;
        var counts = new PostureCounts
        {
            Registered = 1,
            Active = token.IsActive ? 1 : 0,
            Ownerless = token.IsActive && ownerless ? 1 : 0,
            RevocationPending = token.State == TokenStates.RevocationPending ? 1 : 0,
            Revoked = token.State == TokenStates.Revoked ? 1 : 0,
            Failed = token.State == TokenStates.RevocationFailed ? 1 : 0,
            AccessRemoved = token.State == TokenStates.AccessRemoved ? 1 : 0,
            Discovered = flags.Contains(Reasons.Discovered) || flags.Contains(Reasons.Unclassified) ? 1 : 0,
            Unclassified = token.IsActive && flags.Contains(Reasons.Unclassified) ? 1 : 0,
            Zombies = PostureReport.IsZombie(token) ? 1 : 0,
            Transfers = token.View.AcceptedTransfers,
        };
        if (token.IsActive && dueAt is { } due) counts.DueByDay[DateOnly.FromDateTime(due.UtcDateTime)] = 1;
        return counts;
    }

    private static void Add(
        Dictionary<PostureCell, PostureCounts> cells, HashSet<PostureCell> keys, TokenRecord token, PolicyDocument policy, DateTimeOffset? dueAt, int sign)
    {
        if (Contribution(token, policy, dueAt) is not { } counts) return;
        var cell = PostureCell.Of(token);
        if (!keys.TryGetValue(cell, out var known))
        {
            keys.Add(cell);
            cells[cell] = new PostureCounts();
            known = cell;
        }
        var total = cells[known];
        // The owner's ordinal-first spelling names the cell, whatever order the tokens come in.
        if (string.CompareOrdinal(cell.OwnerName, known.OwnerName) < 0)
        {
            cells.Remove(known);
            keys.Remove(known);
            cells[cell] = total;
            keys.Add(cell);
        }
        total.Add(counts, sign);
    }
}

/// <summary>How one state write moves one cell's counts.</summary>
public sealed record PostureChange(PostureCell Cell, PostureCounts Delta);
