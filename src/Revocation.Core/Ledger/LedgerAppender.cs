namespace Revocation.Core.Ledger;

/// <summary>Builds sealed entries that extend a chain from its head.</summary>
public sealed class LedgerAppender(string chain, long headSeq, string headHash, DateTimeOffset recordedAt)
{
    private readonly List<LedgerEntry> _entries = [];

    public long HeadSeq { get; private set; } = headSeq;
    public string HeadHash { get; private set; } = headHash;
    public IReadOnlyList<LedgerEntry> Entries => _entries;

    public LedgerEntry Append(
        string type, string decision, string? reason, DateTimeOffset occurredAt, string data = "{}",
        string? eventSource = null, string? eventId = null)
    {
        var entry = LedgerHasher.Seal(new LedgerEntry
        {
            Chain = chain,
            Seq = HeadSeq + 1,
            Type = type,
            EventSource = eventSource,
            EventId = eventId,
            OccurredAt = occurredAt,
            RecordedAt = recordedAt,
            Decision = decision,
            Reason = reason,
            Data = data,
            PrevHash = HeadHash,
        });
        _entries.Add(entry);
        HeadSeq = entry.Seq;
        HeadHash = entry.Hash;
        return entry;
    }
}
