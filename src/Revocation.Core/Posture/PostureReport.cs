using Revocation.Core.Policy;
using Revocation.Core.Tokens;

namespace Revocation.Core.Posture;

/// <summary>
/// Governance posture computed from token state rows, with the sweep's own rules (<see cref="DueCalculator"/>), so
/// the report's "due" and "ownerless" are what the sweep will act on: due = <see cref="DueCalculator.NextDueAt"/>
/// under the current policy and leavers, ownerless = <see cref="DueCalculator.IsOwnerless"/>. A token whose class
/// left the policy keeps the due time recorded with it, and counts as requiring an owner (the policy default).
/// Owners group as <see cref="PersonIds"/> compare: one row per person, however their id was spelled.
/// </summary>
public sealed record PostureReport(DateTimeOffset At, IReadOnlyList<PostureRow> ByClass, IReadOnlyList<PostureRow> ByOwner, IReadOnlyList<DueDay> DueNext30Days)
{
    /// <summary>"Due soon": falls due within 7 days.</summary>
    public static readonly TimeSpan DueSoon = TimeSpan.FromDays(7);

    public static PostureReport From(
        IReadOnlyList<TokenRecord> tokens, PolicyDocument policy, IReadOnlyDictionary<string, DateTimeOffset> offboarded, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(policy);
        var rows = tokens.Where(t => t.View.IsRegistered).Select(t => Classify(t, policy, offboarded)).ToList();
        var days = Enumerable.Range(0, 30).Select(d =>
        {
            var start = now.UtcDateTime.Date.AddDays(d);
            var count = rows.Count(r => r.Token.IsActive && r.DueAt is { } due && due.UtcDateTime >= start && due.UtcDateTime < start.AddDays(1));
            return new DueDay(DateOnly.FromDateTime(start), count);
        }).ToList();
        return new PostureReport(now,
            Group(rows, r => r.Token.View.Class ?? "-", StringComparer.Ordinal, now),
            Group(rows, r => r.Token.View.Owner ?? "(none)", PersonIds.Comparer, now), days);
    }

    private static Classified Classify(TokenRecord token, PolicyDocument policy, IReadOnlyDictionary<string, DateTimeOffset> offboarded)
    {
        var cls = token.View.Class is { } c ? policy.FindClass(c) : null;
        var due = cls is null ? token.NextDueAt : DueCalculator.NextDueAt(token.View, cls, offboarded);
        var ownerless = cls is null ? token.View.Owner is null : DueCalculator.IsOwnerless(token.View, cls);
        return new Classified(token, due, ownerless);
    }

    private static List<PostureRow> Group(List<Classified> rows, Func<Classified, string> key, StringComparer comparer, DateTimeOffset now) =>
        [.. rows.GroupBy(key, comparer).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new PostureRow(
            g.Key,
            g.Count(r => r.Token.IsActive),
            g.Count(r => r.Token.IsActive && r.DueAt is { } d && d <= now + DueSoon),
            g.Count(r => r.Token.IsActive && r.Ownerless),
            g.Count(r => r.Token.State == TokenStates.RevocationPending),
            g.Count(r => r.Token.State == TokenStates.Revoked),
            g.Count(r => r.Token.State == TokenStates.RevocationFailed),
            Math.Round(g.Average(r => r.Token.View.AcceptedTransfers), 2),
            g.Count(r => r.Token.State == TokenStates.AccessRemoved),
            g.Count(r => r.Token.View.Flags.Contains(Reasons.Discovered) || r.Token.View.Flags.Contains(Reasons.Unclassified)),
            g.Count(r => r.Token.IsActive && r.Token.View.Flags.Contains(Reasons.Unclassified)),
            g.Count(r => IsZombie(r.Token))))];

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

    private sealed record Classified(TokenRecord Token, DateTimeOffset? DueAt, bool Ownerless);
}
