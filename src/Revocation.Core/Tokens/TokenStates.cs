namespace Revocation.Core.Tokens;

/// <summary>Token states of contracts §3, as they appear in tables, the CLI and the ledger.</summary>
public static class TokenStates
{
    public const string Unregistered = "unregistered";
    public const string Active = "active";
    public const string RevocationPending = "revocation-pending";
    public const string Revoked = "revoked";
    public const string RevocationFailed = "revocation-failed";

    /// <summary>
    /// The provider removed the credential's access to the governed resource and the credential itself lives on
    /// (a GitHub fine-grained PAT removed from the organization). Closed like <see cref="Revoked"/>, recorded apart.
    /// </summary>
    public const string AccessRemoved = "access-removed";

    public static readonly IReadOnlyList<string> All = [Unregistered, Active, RevocationPending, Revoked, AccessRemoved, RevocationFailed];

    /// <summary>True for the states in which the provider confirmed the pipeline's work: nothing more to revoke.</summary>
    public static bool IsClosed(string state) => state is Revoked or AccessRemoved;
}
