using Microsoft.Extensions.Hosting;

namespace Revocation.Http;

/// <summary>
/// Writes what a component batches in memory every <paramref name="interval"/> and once more at shutdown, so nothing stays
/// in memory when the host stops. A failed flush propagates (the component keeps what it could not write for the next one).
/// </summary>
public abstract class PeriodicFlushService(TimeSpan interval, TimeProvider time) : BackgroundService
{
    protected abstract Task FlushAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }
}
