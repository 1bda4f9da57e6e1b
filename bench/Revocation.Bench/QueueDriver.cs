using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Revocation.Bench;

/// <summary>
/// Consumes one queue like the Functions host with host.json's batchSize 16 and newBatchThreshold 8 (and like
/// <c>revctl run</c>'s QueueConsumer): batches of 16 received with a lease, the messages of a batch handled
/// concurrently, each deleted once handled, and up to 2 batches in flight. A failed message is made visible again
/// after a second (no poison handling: a benchmark run reports failures instead).
/// </summary>
internal sealed class QueueDriver(QueueClient queue, Func<QueueMessage, Task> handle)
{
    public const int BatchSize = 16;
    public const int BatchesInFlight = 2;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private long _receives;
    private long _deletes;
    private long _updates;
    private long _handled;
    private long _failed;

    /// <summary>Queue requests this driver made (receives, deletes, visibility updates): the host's share.</summary>
    public long HostRequests => Interlocked.Read(ref _receives) + Interlocked.Read(ref _deletes) + Interlocked.Read(ref _updates);

    public long Receives => Interlocked.Read(ref _receives);

    public long Deletes => Interlocked.Read(ref _deletes);

    public long Handled => Interlocked.Read(ref _handled);

    public long Failed => Interlocked.Read(ref _failed);

    public Exception? LastError { get; private set; }

    /// <summary>Runs until a receive comes back empty and <paramref name="done"/> says so.</summary>
    public async Task RunAsync(Func<Task<bool>> done, CancellationToken cancellationToken)
    {
        var workers = Enumerable.Range(0, BatchesInFlight).Select(_ => WorkerAsync(done, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
    }

    private async Task WorkerAsync(Func<Task<bool>> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            QueueMessage[] batch = (await queue.ReceiveMessagesAsync(BatchSize, Lease, cancellationToken)).Value;
            Interlocked.Increment(ref _receives);
            if (batch.Length == 0)
            {
                if (await done()) return;
                await Task.Delay(50, cancellationToken);
                continue;
            }
            await Task.WhenAll(batch.Select(m => HandleOneAsync(m, cancellationToken)));
        }
    }

    private async Task HandleOneAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await handle(message);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            Interlocked.Increment(ref _deletes);
            Interlocked.Increment(ref _handled);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.Increment(ref _failed);
            LastError = e;
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(1), cancellationToken: cancellationToken);
            Interlocked.Increment(ref _updates);
        }
    }
}
