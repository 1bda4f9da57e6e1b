using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NCrontab;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Storage;

namespace Revocation.Cli.Hosting;

/// <summary>
/// The local host (<c>revctl run</c>): drives the same handlers the functions call, from the same queues, with
/// host.json's queue settings and the sweep on <c>SweepSchedule</c>.
/// </summary>
internal sealed class LocalHost(IServiceProvider services, HostSettings settings, string schedule, RunStats stats)
{
    private readonly QueueServiceClient _rawQueues = services.GetRequiredService<StorageClients>().RawQueues;
    private readonly TimeProvider _time = services.GetRequiredService<TimeProvider>();
    private readonly ILogger _logger = services.GetRequiredService<ILogger<LocalHost>>();
    private readonly StorageOutage _outage = new(services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<LocalHost>>());

    public List<SweepReport> SweepReports { get; } = [];

    /// <summary>Drains intake, runs one sweep, drains the revocations (waiting out retry delays), until nothing is left.</summary>
    public async Task RunUntilIdleAsync(TimeSpan timeout, Progress progress, CancellationToken stopping)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        limit.CancelAfter(timeout);
        var token = limit.Token;
        await DrainAsync([QueueNames.TokenEvents, QueueNames.IdentityEvents], progress, token);
        progress.Report("sweeping");
        await SweepAsync(token);
        await DrainAsync([QueueNames.Revocations, QueueNames.TokenEvents, QueueNames.IdentityEvents], progress, token);
    }

    /// <summary>Runs until stopped: polls every queue with back-off up to maxPollingInterval and sweeps on schedule.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var cron = CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var nextSweep = cron.GetNextOccurrence(_time.GetUtcNow().UtcDateTime);
        var delay = TimeSpan.FromMilliseconds(100);
        while (!stopping.IsCancellationRequested)
        {
            var received = 0;
            // Bounded per round so a steady stream cannot hold off the sweep schedule.
            received += await PumpAsync(QueueNames.All, stopping, maxMessagesPerQueue: 1000);
            if (_time.GetUtcNow().UtcDateTime >= nextSweep)
            {
                try
                {
                    await SweepAsync(stopping);
                    nextSweep = cron.GetNextOccurrence(_time.GetUtcNow().UtcDateTime);
                }
                catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
                {
                    // Storage down mid-sweep, say: the host stays up and tries again soon rather than exiting.
                    HostLog.SweepFailed(_logger, RunStats.OneLine(e), settings.MaxPollingInterval);
                    nextSweep = _time.GetUtcNow().UtcDateTime + settings.MaxPollingInterval;
                }
            }
            delay = received > 0 ? TimeSpan.FromMilliseconds(100) : Min(delay * 2, settings.MaxPollingInterval);
            if (received == 0) await Task.Delay(delay, _time, stopping);
        }
    }

    private async Task DrainAsync(string[] queues, Progress progress, CancellationToken token)
    {
        var idlePoll = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            var received = 0;
            received += await PumpAsync(queues, token);
            progress.Report("draining: " + string.Join(", ", stats.ProcessedByQueue.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")) + " processed");
            if (received > 0) continue;
            if (await WaitingAsync(queues, token) == 0) return;
            // Messages waiting out a retry delay or a failed attempt's visibility timeout.
            await Task.Delay(idlePoll, _time, token);
            idlePoll = Min(idlePoll * 2, TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Messages left on <paramref name="queues"/>; when storage does not answer, unknown, so not zero.</summary>
    private async Task<int> WaitingAsync(string[] queues, CancellationToken token)
    {
        try
        {
            var waiting = 0;
            foreach (var q in queues) waiting += await Consumer(q).ApproximateCountAsync(token);
            _outage.Answered();
            return waiting;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !token.IsCancellationRequested)
        {
            _outage.Failed(queues[0], e);
            return -1;
        }
    }

    /// <summary>Every queue consumed at once, as the host runs one listener per queue-triggered function.</summary>
    private async Task<int> PumpAsync(IReadOnlyList<string> queues, CancellationToken token, int maxMessagesPerQueue = int.MaxValue) =>
        (await Task.WhenAll(queues.Select(q => Consumer(q).PumpAsync(token, maxMessagesPerQueue)))).Sum();

    private async Task SweepAsync(CancellationToken token)
    {
        var report = await services.GetRequiredService<SweepService>().RunAsync(SweepMode.Normal, token);
        SweepReports.Add(report);
        Interlocked.Increment(ref stats.Sweeps);
    }

    private QueueConsumer Consumer(string queue) =>
        new(_rawQueues, queue, settings, queue == QueueNames.Revocations ? HandleRevocationAsync : HandleIntakeAsync(queue), RejectAsync(queue), stats,
            _outage, _time, _logger);

    /// <summary>A message that cannot be decoded (not base64, not UTF-8) is kept with its reason, as any invalid message.</summary>
    private Func<QueueMessage, string, CancellationToken, Task> RejectAsync(string queue) => async (message, reason, ct) =>
    {
        await services.GetRequiredService<RejectionService>().KeepAsync(queue, message.MessageId, message.Body.ToString(), reason, ct);
        if (queue == QueueNames.Revocations) stats.CountRevocation("Invalid");
        else stats.CountIntake(nameof(IntakeOutcome.Invalid));
    };

    private Func<QueueMessage, CancellationToken, Task> HandleIntakeAsync(string queue) => async (message, ct) =>
    {
        var result = await services.GetRequiredService<IntakeService>().HandleAsync(
            new IntakeMessage(queue, message.MessageId, message.Body.ToString(), message.DequeueCount), ct);
        stats.CountIntake(result.Outcome.ToString());
    };

    private async Task HandleRevocationAsync(QueueMessage message, CancellationToken ct)
    {
        var result = await services.GetRequiredService<RevocationMessageService>().HandleAsync(message.MessageId, message.Body.ToString(), ct);
        stats.CountRevocation(result?.ToString() ?? "Invalid");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
