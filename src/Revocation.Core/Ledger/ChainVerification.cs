namespace Revocation.Core.Ledger;

/// <summary>The result of verifying one chain. <see cref="Problems"/> is empty when it is intact.</summary>
public sealed record ChainVerification(string Chain, long Entries, IReadOnlyList<string> Problems)
{
    public bool IsIntact => Problems.Count == 0;
}
