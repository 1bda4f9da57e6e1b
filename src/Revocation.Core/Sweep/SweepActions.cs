namespace Revocation.Core.Sweep;

/// <summary>What a sweep does with a due token.</summary>
public static class SweepActions
{
    /// <summary>Queue a revocation (counted by the blast-radius guard).</summary>
    public const string Revoke = "revoke";

    /// <summary>Apply the class's offboarding reassignment.</summary>
    public const string Reassign = "reassign";

    /// <summary>Re-queue a pending revocation whose request was lost (not counted by the guard: decided before).</summary>
    public const string Requeue = "requeue";

    /// <summary>
    /// The token's class left the policy: there is no provider to revoke it with, so it is recorded
    /// <c>revocation-failed</c> (reason <c>class-removed</c>) for an operator, without a provider call or a guard count.
    /// </summary>
    public const string ClassRemoved = "class-removed";
}
