using Revocation.Core.Tokens;

namespace Revocation.Core.Access;

/// <summary>
/// The fixed vocabulary of deny reasons (docs/decisions.md). Where a reason is also a sweep's, it is the sweep's own code,
/// computed by the same rule (<see cref="DueCalculator"/>), so a decision and a sweep never disagree on a token.
/// </summary>
public static class DecisionReasons
{
    /// <summary>No issuance was recorded for the token id (never seen, or only events before its issuance).</summary>
    public const string UnknownToken = "unknown-token";

    /// <summary>The token's state is not <c>active</c> (revocation pending, revoked, failed, access removed).</summary>
    public const string NotActive = "not-active";

    public const string Expired = Reasons.Expired;
    public const string Idle = Reasons.Idle;
    public const string ClassRemoved = Reasons.ClassRemoved;
    public const string OwnerOffboarded = Reasons.OwnerOffboarded;
    public const string Ownerless = Reasons.Ownerless;
    public const string ApprovalExpired = Reasons.ApprovalExpired;
    public const string ApprovalMissing = Reasons.ApprovalMissing;
    public const string Unclassified = Reasons.Unclassified;

    /// <summary>The token was retired (<c>token.retired</c>: its task is done); denied even before the sweep revokes it.</summary>
    public const string TaskEnded = "task-ended";

    /// <summary>The caller is not the workload the token was issued to (exact, case-sensitive comparison).</summary>
    public const string HolderMismatch = "holder-mismatch";

    /// <summary>The token was issued without a holder: no workload can prove it is the one it was bound to.</summary>
    public const string HolderUnbound = "holder-unbound";

    /// <summary>A requested scope is not in the token's scope (or the token has none).</summary>
    public const string ScopeExceeded = "scope-exceeded";

    /// <summary>The caller's task is not the one the token was issued for (its approval id), or the token has none.</summary>
    public const string TaskMismatch = "task-mismatch";

    /// <summary>Every reason, in the order an answer lists them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        UnknownToken, NotActive, ClassRemoved, TaskEnded, Expired, Idle, OwnerOffboarded, Ownerless, ApprovalExpired, ApprovalMissing,
        Unclassified, HolderUnbound, HolderMismatch, ScopeExceeded, TaskMismatch,
    ];

    /// <summary>A sweep reason as a decision reason: a retirement is the end of the token's task.</summary>
    public static string FromDue(string reason) => reason == Reasons.Retired ? TaskEnded : reason;
}
