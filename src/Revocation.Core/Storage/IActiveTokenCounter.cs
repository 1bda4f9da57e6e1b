namespace Revocation.Core.Storage;

/// <summary>
/// A count of active tokens for the sweep's fraction guard, kept without a scan, and never above the truth (see
/// <see cref="ActiveTokenCount"/>): adapters may batch increments (a lagging increment makes the guard trip sooner)
/// but write a negative delta at once (a lagging decrement would let it pass).
/// </summary>
public interface IActiveTokenCounter
{
    Task AddAsync(long delta, CancellationToken cancellationToken);

    Task<long> GetAsync(CancellationToken cancellationToken);

    /// <summary>The exact count, by reading every token's state (a scan: only when the guard would trip on the kept count).</summary>
    Task<long> CountExactlyAsync(CancellationToken cancellationToken);
}
