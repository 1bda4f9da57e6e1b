using Revocation.Core.Policy;

namespace Revocation.Core.Tokens;

/// <summary>
/// The sweep rules: when a token falls due and why. Pure; the caller reads the clock once and passes <c>now</c>.
/// </summary>
public static class DueCalculator
{
    /// <summary>Every reason the token is due at <paramref name="now"/>, most specific first; empty when not due.</summary>
    public static IReadOnlyList<string> ReasonsAt(
        TokenView view, ClassPolicy cls, IReadOnlyDictionary<string, DateTimeOffset> offboarded, DateTimeOffset now)
    {
        var reasons = new List<string>();
        if (!view.IsRegistered) return reasons;
        if (view.Retired is not null) reasons.Add(Reasons.Retired);
        if (view.ExpiresAt is { } exp && exp <= now) reasons.Add(Reasons.Expired);
        if (IdleDueAt(view, cls) is { } idle && idle <= now) reasons.Add(Reasons.Idle);
        if (view.Owner is { } owner && offboarded.TryGetValue(owner, out var leftAt) && leftAt <= now) reasons.Add(Reasons.OwnerOffboarded);
        else if (IsOwnerless(view, cls)) reasons.Add(Reasons.Ownerless);
        if (view.Approval?.ExpiresAt is { } appr && appr <= now) reasons.Add(Reasons.ApprovalExpired);
        if (view.Flags.Contains(Reasons.ApprovalMissing)) reasons.Add(Reasons.ApprovalMissing);
        if (view.UnclassifiedDueAt is { } grace && grace <= now) reasons.Add(Reasons.Unclassified);
        return reasons;
    }

    /// <summary>The earliest moment the token falls due (possibly in the past), or null when nothing will make it due.</summary>
    public static DateTimeOffset? NextDueAt(TokenView view, ClassPolicy cls, IReadOnlyDictionary<string, DateTimeOffset> offboarded)
    {
        if (!view.IsRegistered) return null;
        var issued = view.IssuedAt!.Value;
        DateTimeOffset? next = null;
        void Consider(DateTimeOffset? t) { if (t is { } v && (next is null || v < next)) next = v; }
        if (view.Retired is not null || view.Flags.Contains(Reasons.ApprovalMissing) || IsOwnerless(view, cls))
            Consider(issued);
        Consider(view.ExpiresAt);
        Consider(IdleDueAt(view, cls));
        Consider(view.Approval?.ExpiresAt);
        Consider(view.UnclassifiedDueAt);
        if (view.Owner is { } owner && offboarded.TryGetValue(owner, out var leftAt)) Consider(leftAt);
        return next;
    }

    /// <summary>Ownerless: the class requires an owner and the token has none (the sweep revokes it; the report counts it).</summary>
    public static bool IsOwnerless(TokenView view, ClassPolicy cls)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(cls);
        return cls.RequireOwner && view.Owner is null;
    }

    private static DateTimeOffset? IdleDueAt(TokenView view, ClassPolicy cls) =>
        cls.IdleTimeout is { } idle ? (view.LastUsedAt ?? view.IssuedAt!.Value) + idle : null;
}
