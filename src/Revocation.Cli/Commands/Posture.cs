using Revocation.Core.Tokens;

namespace Revocation.Cli.Commands;

/// <summary>Governance posture computed from token state rows.</summary>
internal sealed record Posture(DateTimeOffset At, IReadOnlyList<PostureRow> ByClass, IReadOnlyList<PostureRow> ByOwner, IReadOnlyList<DueDay> DueNext30Days)
{
    public static readonly TimeSpan DueSoon = TimeSpan.FromDays(7);

    public static Posture From(IReadOnlyList<TokenRecord> tokens, DateTimeOffset now)
    {
        var registered = tokens.Where(t => t.View.IsRegistered).ToList();
        var days = Enumerable.Range(0, 30).Select(d =>
        {
            var start = now.Date.AddDays(d);
            var count = registered.Count(t => t.IsActive && t.NextDueAt is { } due && due.UtcDateTime >= start && due.UtcDateTime < start.AddDays(1));
            return new DueDay(DateOnly.FromDateTime(start), count);
        }).ToList();
        return new Posture(now, Group(registered, t => t.View.Class ?? "-", now), Group(registered, t => t.View.Owner ?? "(none)", now), days);
    }

    private static List<PostureRow> Group(List<TokenRecord> tokens, Func<TokenRecord, string> key, DateTimeOffset now) =>
        [.. tokens.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new PostureRow(
            g.Key,
            g.Count(t => t.IsActive),
            g.Count(t => t.IsActive && t.NextDueAt is { } d && d <= now + DueSoon),
            g.Count(t => t.IsActive && (t.View.Owner is null || t.View.Flags.Contains("owner-missing"))),
            g.Count(t => t.State == TokenStates.RevocationPending),
            g.Count(t => t.State == TokenStates.Revoked),
            g.Count(t => t.State == TokenStates.RevocationFailed),
            !g.Any() ? 0 : Math.Round(g.Average(t => t.View.AcceptedTransfers), 2)))];
}

internal sealed record PostureRow(string Name, int Active, int DueSoon, int Ownerless, int RevocationPending, int Revoked, int Failed, double TransfersPerToken);

internal sealed record DueDay(DateOnly Day, int Count);
