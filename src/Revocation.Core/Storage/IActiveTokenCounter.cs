namespace Revocation.Core.Storage;

/// <summary>
/// An approximate count of active tokens for the sweep's fraction guard, kept without a scan. Adapters may
/// batch increments; a count that lags errs towards tripping the guard, never towards revoking more.
/// </summary>
public interface IActiveTokenCounter
{
    Task AddAsync(long delta, CancellationToken cancellationToken);

    Task<long> GetAsync(CancellationToken cancellationToken);
}
