using Revocation.Http;
using Revocation.Storage;

namespace Revocation.Functions;

/// <summary>Flushes the batched active-token count periodically and at shutdown, so no delta stays in memory.</summary>
internal sealed class CounterFlushService(TableActiveTokenCounter counter, TimeProvider time)
    : PeriodicFlushService(TableActiveTokenCounter.FlushInterval, time)
{
    protected override Task FlushAsync(CancellationToken cancellationToken) => counter.FlushAsync(cancellationToken);
}
