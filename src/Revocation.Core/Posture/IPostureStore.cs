namespace Revocation.Core.Posture;

/// <summary>
/// The posture aggregates: per <see cref="PostureCell"/> (a class's tokens of one owner), the sum of every token's
/// <see cref="PostureTally.Contribution"/>, kept on every state change so a report reads a row per cell instead of every token. They are hints: a crash
/// between a token's state write and its aggregate write (or a failed aggregate write) leaves them off by that
/// change until <see cref="ReplaceAsync"/> rebuilds them from a scan (<c>revctl report --rebuild</c>).
/// </summary>
public interface IPostureStore
{
    /// <summary>Adds <paramref name="changes"/> to their cells (possibly held in memory for a moment: see the adapter).</summary>
    Task AddAsync(IReadOnlyList<PostureChange> changes, CancellationToken cancellationToken);

    /// <summary>Every cell's totals, after this instance's held changes (cells whose tokens all left may be present with zero counts).</summary>
    Task<IReadOnlyDictionary<PostureCell, PostureCounts>> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces every aggregate with <paramref name="totals"/> (the repair: totals from a full scan).</summary>
    Task ReplaceAsync(IReadOnlyDictionary<PostureCell, PostureCounts> totals, CancellationToken cancellationToken);
}
