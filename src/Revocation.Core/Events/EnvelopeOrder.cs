namespace Revocation.Core.Events;

/// <summary>The total order of events: by time, then source, then id (ordinal), so ties are broken the same everywhere.</summary>
public sealed class EnvelopeOrder : IComparer<EventEnvelope>
{
    public static readonly EnvelopeOrder Instance = new();

    public int Compare(EventEnvelope? x, EventEnvelope? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var c = x.Time.CompareTo(y.Time);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Source, y.Source);
        return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
    }
}
