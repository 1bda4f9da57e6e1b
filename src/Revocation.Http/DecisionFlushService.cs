using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Revocation.Core.Access;

namespace Revocation.Http;

/// <summary>
/// Writes the decisions' coalesced uses and denials every <see cref="DecisionOptions.UsageWriteInterval"/> and once more at
/// shutdown (<see cref="DecisionRecorder.FlushAsync"/>). The Functions app runs it as a hosted service; <c>revctl run</c>
/// starts and stops it with its HTTP API.
/// </summary>
public sealed class DecisionFlushService(DecisionRecorder recorder, IOptions<DecisionOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UsageWriteInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await recorder.FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await recorder.FlushAsync(cancellationToken);
    }
}
