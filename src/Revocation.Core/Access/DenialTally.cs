namespace Revocation.Core.Access;

/// <summary>The denials of one (token, reason) collected in memory between two writes.</summary>
internal sealed class DenialTally(DateTimeOffset at)
{
    private readonly Lock _gate = new();
    private readonly List<string> _holders = [];
    private readonly List<string> _tokenIds = [];

    public long Count { get; private set; }
    public DateTimeOffset FirstAt { get; private set; } = at;
    public DateTimeOffset LastAt { get; private set; } = at;

    public void Add(string holder, string tokenId, DateTimeOffset at)
    {
        lock (_gate)
        {
            Count++;
            if (at < FirstAt) FirstAt = at;
            if (at > LastAt) LastAt = at;
            AddSample(_holders, holder);
            AddSample(_tokenIds, tokenId);
        }
    }

    public DenialRecord ToRecord(DateTimeOffset window, string? tokenId, string reason, string instance)
    {
        lock (_gate) return new DenialRecord(window, tokenId, reason, Count, FirstAt, LastAt, [.. _holders], tokenId is null ? [.. _tokenIds] : [], instance);
    }

    private static void AddSample(List<string> sample, string value)
    {
        if (sample.Count < DenialRecord.MaxSample && !sample.Contains(value, StringComparer.Ordinal)) sample.Add(value);
    }
}
