namespace Revocation.Core.Posture;

/// <summary>
/// The posture aggregates: per class and per owner, the sum of every token's <see cref="PostureTally.Contribution"/>,
/// kept on every state change so a report reads a row per group instead of every token. They are hints: a crash
/// between a token's state write and its aggregate write (or a failed aggregate write) leaves them off by that
/// change until <see cref="ReplaceAsync"/> rebuilds them from a scan (<c>revctl report --rebuild</c>).
/// </summary>
public interface IPostureStore
{
    /// <summary>Adds <paramref name="changes"/> to their groups; completes when they are durable.</summary>
    Task AddAsync(IReadOnlyList<PostureChange> changes, CancellationToken cancellationToken);

    /// <summary>Every group's totals (groups whose tokens all left it may be present with zero counts).</summary>
    Task<IReadOnlyDictionary<PostureGroup, PostureCounts>> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces every aggregate with <paramref name="totals"/> (the repair: totals from a full scan).</summary>
    Task ReplaceAsync(IReadOnlyDictionary<PostureGroup, PostureCounts> totals, CancellationToken cancellationToken);
}
