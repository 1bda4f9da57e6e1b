using Microsoft.Extensions.Hosting;
using Revocation.Storage;

namespace Revocation.Functions;

/// <summary>Flushes the batched active-token count periodically and at shutdown, so no delta stays in memory.</summary>
internal sealed class CounterFlushService(TableActiveTokenCounter counter, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TableActiveTokenCounter.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await counter.FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await counter.FlushAsync(cancellationToken);
    }
}
