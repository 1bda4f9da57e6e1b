namespace Revocation.Core.Storage;

/// <summary>
/// Hints of when tokens fall due, read by the sweep up to a cutoff. A hint may be stale (the token's due time
/// moved later, or it was revoked): the sweep checks the token and cleans it. Invariant kept by writers: every
/// active token that will fall due has a hint at or before its due time.
/// </summary>
public interface IDueIndex
{
    Task UpsertAsync(string tokenId, DateTimeOffset dueAt, CancellationToken cancellationToken);

    IAsyncEnumerable<DueHint> ListDueAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    Task DeleteAsync(DueHint hint, CancellationToken cancellationToken);
}

/// <summary>A token's due hint. <see cref="StoreKey"/> is where the adapter found it (opaque to the core), so the
/// adapter deletes the row it listed even when it was written under another layout or shard count.</summary>
public sealed record DueHint(string TokenId, DateTimeOffset DueAt)
{
    public string? StoreKey { get; init; }
}
