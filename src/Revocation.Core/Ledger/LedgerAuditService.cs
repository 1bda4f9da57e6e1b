using Revocation.Core.Storage;

namespace Revocation.Core.Ledger;

/// <summary>
/// Verifies every chain of the ledger (a scan: for auditors and operators, never the hot path). Chains whose
/// state row was deleted still have entries; they are verified against an empty head, so they fail.
/// </summary>
public sealed class LedgerAuditService(ITokenStore store)
{
    /// <summary>
    /// Verifies every chain; <paramref name="progress"/> receives (chains verified, chains in all) as it goes, and
    /// <paramref name="visit"/>, when given, each chain's entries as read (the evidence pack exports them in the same pass).
    /// </summary>
    public async Task<IReadOnlyList<ChainVerification>> VerifyAllAsync(
        IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken, Action<string, IReadOnlyList<LedgerEntry>>? visit = null)
    {
        var heads = new Dictionary<string, ChainHead>(StringComparer.Ordinal);
        await foreach (var h in store.ListChainsAsync(cancellationToken)) heads[h.Chain] = h;
        await foreach (var chain in store.ListEntryChainsAsync(cancellationToken))
            heads.TryAdd(chain, new ChainHead(chain, 0, LedgerHasher.GenesisHash));
        var results = new List<ChainVerification>(heads.Count);
        foreach (var head in heads.Values)
        {
            progress?.Report((results.Count, heads.Count));
            var entries = new List<LedgerEntry>();
            await foreach (var e in store.ReadChainAsync(head.Chain, cancellationToken)) entries.Add(e);
            visit?.Invoke(head.Chain, entries);
            results.Add(LedgerVerifier.Verify(head.Chain, entries, head.HeadSeq, head.HeadHash));
        }
        return results;
    }
}
