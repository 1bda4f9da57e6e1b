namespace Revocation.Core.Ledger;

/// <summary>Names of chains that are not tokens. Token ids cannot start with '~' in keys (see key encoding).</summary>
public static class LedgerChains
{
    /// <summary>Pipeline-wide entries: sweep guard trips, confirmations.</summary>
    public const string System = "~system";
}
