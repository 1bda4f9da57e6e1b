using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;
using Revocation.Core.Events;

namespace Revocation.Faults;

/// <summary>Waits, with a bound, until every pipeline queue is empty (Azure and Azurite count leased messages too).</summary>
public static class Drain
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>The time from the call until the queues were empty, or null when <paramref name="bound"/> ran out.</summary>
    public static async Task<TimeSpan?> WaitAsync(string connectionString, TimeSpan bound, CancellationToken cancellationToken)
    {
        var queues = new QueueServiceClient(connectionString);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (await WaitingAsync(queues, cancellationToken) == 0) return clock.Elapsed;
            await Task.Delay(Poll, cancellationToken);
        }

        return null;
    }

    /// <summary>
    /// Waits until at most <paramref name="left"/> messages are queued or leased (the intake has got that far), polling
    /// every 50 ms; false when <paramref name="bound"/> ran out first. Faults are placed by progress, not by the clock.
    /// </summary>
    public static async Task<bool> UntilAtMostAsync(QueueServiceClient queues, int left, TimeSpan bound, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            var waiting = await WaitingAsync(queues, cancellationToken);
            if (waiting >= 0 && waiting <= left) return true;
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        return false;
    }

    /// <summary>Messages in the intake and revocation queues, or -1 while storage does not answer.</summary>
    public static async Task<int> WaitingAsync(QueueServiceClient queues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queues);
        try
        {
            var waiting = 0;
            foreach (var name in QueueNames.All)
            {
                var queue = queues.GetQueueClient(name);
                if (await queue.ExistsAsync(cancellationToken)) waiting += (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            }

            return waiting;
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException)
        {
            return -1;
        }
    }
}
