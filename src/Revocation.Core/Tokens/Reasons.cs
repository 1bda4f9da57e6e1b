namespace Revocation.Core.Tokens;

/// <summary>Revocation reasons and decision codes recorded in the ledger.</summary>
public static class Reasons
{
    public const string Expired = "expired";
    public const string Idle = "idle";
    public const string Ownerless = "ownerless";
    public const string ApprovalExpired = "approval-expired";
    public const string ApprovalMissing = "approval-missing";
    public const string OwnerOffboarded = "owner-offboarded";
    public const string Retired = "retired";
    public const string Manual = "manual";

    /// <summary>The credential is known to be compromised (<c>token.compromised</c>, RISC credential-compromise).</summary>
    public const string Compromised = "compromised";

    /// <summary>The token's class is no longer in the policy: the pipeline has no provider to revoke it with.</summary>
    public const string ClassRemoved = "class-removed";
    /// <summary>A discovered credential no rule classified, past the unmatched policy's grace period.</summary>
    public const string Unclassified = "unclassified";

    /// <summary>The ledger says revoked and the provider still lists the credential: revocation is requested again.</summary>
    public const string Zombie = "zombie";

    /// <summary>The provider's complete listing no longer has an active token's credential.</summary>
    public const string GoneAtProvider = "gone-at-provider";

    /// <summary>Flag of a token that reconciliation discovered at its provider (no issuance event).</summary>
    public const string Discovered = "discovered";

    public const string HolderOffboarded = "holder-offboarded";

    public const string UnknownClass = "unknown-class";
    public const string ClassNotTransferable = "class-not-transferable";
    public const string SourceNotAllowed = "source-not-allowed";
    public const string FromOwnerMismatch = "from-owner-mismatch";
    public const string ToOwnerOffboarded = "to-owner-offboarded";
    public const string TokenNotActive = "token-not-active";
    public const string DuplicateIssuance = "duplicate-issuance";
    public const string AwaitingIssuance = "awaiting-issuance";
}
