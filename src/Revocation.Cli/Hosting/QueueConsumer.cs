using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Revocation.Core.Events;
using Revocation.Storage;

namespace Revocation.Cli.Hosting;

/// <summary>
/// Consumes one queue the way the Functions host does (host.json): batches of <c>batchSize</c> with up to
/// <c>batchSize + newBatchThreshold</c> messages in flight, a failed message
/// made visible again after <c>visibilityTimeout</c>, and after <c>maxDequeueCount</c> failures copied to
/// <c>&lt;queue&gt;-poison</c> and deleted. Messages still being handled at shutdown finish; none is deleted unhandled.
/// It receives without decoding (<paramref name="rawService"/>) and decodes each message itself, so one message that
/// is not base64 UTF-8 is rejected with its reason (<paramref name="reject"/>) instead of failing the whole receive.
/// </summary>
internal sealed class QueueConsumer(
    QueueServiceClient rawService, string queue, HostSettings settings, Func<QueueMessage, CancellationToken, Task> handle,
    Func<QueueMessage, string, CancellationToken, Task> reject, RunStats stats)
{
    /// <summary>How long a received message stays invisible while it is handled (the host renews its lease; we use a long one).</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly QueueClient _queue = rawService.GetQueueClient(queue);
    private readonly QueueClient _poison = rawService.GetQueueClient(QueueNames.Poison(queue));

    /// <summary>
    /// Receives and handles messages until a receive comes back empty, the way the host does: a new batch of
    /// <c>batchSize</c> is fetched when the messages in flight drop to <c>newBatchThreshold</c>. Returns how
    /// many messages it received. Stopping ends receiving; messages in flight are finished first.
    /// </summary>
    public async Task<int> PumpAsync(CancellationToken stopping, int maxMessages = int.MaxValue)
    {
        var inFlight = new List<Task>();
        var received = 0;
        while (!stopping.IsCancellationRequested && received < maxMessages)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count > settings.NewBatchThreshold)
            {
                await Task.WhenAny(inFlight);
                continue;
            }
            // A receive cancelled in flight may already have dequeued its messages on the service: they would stay
            // invisible for the whole lease. So a receive, once started, completes; stopping is checked before it.
            QueueMessage[] batch = (await _queue.ReceiveMessagesAsync(settings.BatchSize, Lease, CancellationToken.None)).Value;
            if (batch.Length == 0) break;
            received += batch.Length;
            // Handling runs to completion even when stopping: Ctrl+C stops receiving, not work in flight.
            inFlight.AddRange(batch.Select(HandleOneAsync));
        }
        await Task.WhenAll(inFlight);
        return received;
    }

    public async Task<int> ApproximateCountAsync(CancellationToken cancellationToken) =>
        (await _queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;

    private async Task HandleOneAsync(QueueMessage message)
    {
        try
        {
            if (QueueMessageText.TryDecode(message.Body, out var reason) is { } text)
                await handle(QueuesModelFactory.QueueMessage(message.MessageId, message.PopReceipt, BinaryData.FromString(text),
                    message.DequeueCount, message.NextVisibleOn, message.InsertedOn, message.ExpiresOn), CancellationToken.None);
            else await reject(message, reason!, CancellationToken.None);
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            stats.Processed(queue);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stats.Failed(queue, e);
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                // The body as received (still base64): the host copies it to the poison queue the same way.
                await _poison.SendMessageAsync(message.Body.ToString(), CancellationToken.None);
                await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                stats.Poisoned(queue);
            }
            else
            {
                await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
    }
}
