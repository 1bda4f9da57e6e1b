using Revocation.Core.Policy;
using Revocation.Core.Tokens;

namespace Revocation.Core.Access;

/// <summary>
/// The decision rules, pure: the caller reads the clock once. State, class and due reasons are the sweep's own
/// (<see cref="DueCalculator"/>); holder, scope and task bind the token to the workload and task it was issued for.
/// </summary>
public static class DecisionRules
{
    /// <summary>Every reason to deny, in <see cref="DecisionReasons.All"/> order; empty to allow.</summary>
    public static IReadOnlyList<string> ReasonsAt(
        DecisionRequest request, TokenRecord? record, PolicyDocument policy, IReadOnlyDictionary<string, DateTimeOffset> offboarded, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        if (record is null || !record.View.IsRegistered) return [DecisionReasons.UnknownToken];
        var view = record.View;
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        if (!record.IsActive) reasons.Add(DecisionReasons.NotActive);
        var cls = view.Class is { } c ? policy.FindClass(c) : null;
        if (cls is null) reasons.Add(DecisionReasons.ClassRemoved);
        else foreach (var due in DueCalculator.ReasonsAt(view, cls, offboarded, now)) reasons.Add(DecisionReasons.FromDue(due));
        if (view.Retired is not null) reasons.Add(DecisionReasons.TaskEnded);
        // Holders are bound exactly: SPIFFE ids' paths and most workload ids are case-sensitive (docs/decisions.md).
        if (view.Holder is null) reasons.Add(DecisionReasons.HolderUnbound);
        else if (!string.Equals(view.Holder, request.Holder, StringComparison.Ordinal)) reasons.Add(DecisionReasons.HolderMismatch);
        if (request.Scope is { } wanted && !ScopeWithin(wanted, view.Scope)) reasons.Add(DecisionReasons.ScopeExceeded);
        if (request.Task is { } task && !string.Equals(task, view.Approval?.Id, StringComparison.Ordinal)) reasons.Add(DecisionReasons.TaskMismatch);
        return [.. DecisionReasons.All.Where(reasons.Contains)];
    }

    /// <summary>
    /// How long the answer stays true at most: the cache bound less the age of the record, and never past the next moment
    /// the token falls due (expiry, idle timeout, approval expiry, an owner's future offboarding).
    /// </summary>
    public static TimeSpan CacheFor(TokenRecord? record, PolicyDocument policy, IReadOnlyDictionary<string, DateTimeOffset> offboarded,
        DateTimeOffset now, TimeSpan bound, TimeSpan age)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var left = bound - age;
        if (record?.View is { IsRegistered: true, Class: { } c } view && policy.FindClass(c) is { } cls &&
            DueCalculator.NextDueAt(view, cls, offboarded) is { } next && next > now && next - now < left)
            left = next - now;
        // Whole seconds, rounded down: an answer is never cached past the moment it may change.
        var seconds = Math.Max(0, Math.Floor(left.TotalSeconds));
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>True when every space-separated scope of <paramref name="wanted"/> is one of <paramref name="granted"/>'s (compared exactly, RFC 6749 §3.3).</summary>
    public static bool ScopeWithin(string wanted, string? granted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var have = (granted ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return wanted.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(have.Contains);
    }
}
