namespace Revocation.Core.Ledger;

/// <summary>
/// One append-only ledger entry. <see cref="Hash"/> is SHA-256 over the canonical serialization of every other
/// field (see <see cref="LedgerHasher"/> and docs/ledger.md), which includes <see cref="PrevHash"/>.
/// </summary>
public sealed record LedgerEntry
{
    /// <summary>The chain: a token id, or <see cref="LedgerChains.System"/> for pipeline-wide entries.</summary>
    public required string Chain { get; init; }
    public required long Seq { get; init; }

    /// <summary>An event type (<c>token.issued</c>) or a pipeline action (<c>revocation.confirmed</c>).</summary>
    public required string Type { get; init; }
    public string? EventSource { get; init; }
    public string? EventId { get; init; }

    /// <summary>When the change happened (the event's time, or the pipeline's clock).</summary>
    public required DateTimeOffset OccurredAt { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary><c>accepted</c>, <c>rejected</c>, <c>flagged</c>, <c>pending</c> or <c>recorded</c>.</summary>
    public required string Decision { get; init; }
    public string? Reason { get; init; }

    /// <summary>Canonical JSON of the entry's details (no secrets); empty object when none.</summary>
    public string Data { get; init; } = "{}";
    public required string PrevHash { get; init; }
    public string Hash { get; init; } = "";
}
