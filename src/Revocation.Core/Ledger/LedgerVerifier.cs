namespace Revocation.Core.Ledger;

/// <summary>
/// Verifies a chain: sequence numbers 1..n without gaps, each entry's hash recomputed, each prevHash equal to the
/// previous entry's hash, and the stored head (seq, hash) equal to the last entry. Any modification, deletion,
/// reordering or insertion breaks one of these.
/// </summary>
public static class LedgerVerifier
{
    public static ChainVerification Verify(string chain, IReadOnlyList<LedgerEntry> entries, long headSeq, string headHash)
    {
        var problems = new List<string>();
        var prev = LedgerHasher.GenesisHash;
        long expectedSeq = 1;
        foreach (var e in entries)
        {
            if (e.Chain != chain) problems.Add($"entry {e.Seq}: belongs to chain '{e.Chain}'");
            if (e.Seq != expectedSeq) problems.Add($"entry {e.Seq}: expected sequence {expectedSeq} (entry missing or inserted)");
            if (e.PrevHash != prev) problems.Add($"entry {e.Seq}: prevHash does not match the previous entry");
            if (LedgerHasher.ComputeHash(e) != e.Hash) problems.Add($"entry {e.Seq}: content does not match its hash (modified)");
            prev = e.Hash;
            expectedSeq = e.Seq + 1;
        }
        var lastSeq = entries.Count == 0 ? 0 : entries[^1].Seq;
        if (lastSeq != headSeq || prev != headHash)
            problems.Add($"head: state says entry {headSeq}, chain ends at entry {lastSeq} (entries deleted or appended outside the pipeline)");
        return new ChainVerification(chain, entries.Count, problems);
    }
}
