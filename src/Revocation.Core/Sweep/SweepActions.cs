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
}
