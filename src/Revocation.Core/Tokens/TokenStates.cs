namespace Revocation.Core.Tokens;

/// <summary>Token states of contracts §3, as they appear in tables, the CLI and the ledger.</summary>
public static class TokenStates
{
    public const string Unregistered = "unregistered";
    public const string Active = "active";
    public const string RevocationPending = "revocation-pending";
    public const string Revoked = "revoked";
    public const string RevocationFailed = "revocation-failed";

    public static readonly IReadOnlyList<string> All = [Unregistered, Active, RevocationPending, Revoked, RevocationFailed];
}
