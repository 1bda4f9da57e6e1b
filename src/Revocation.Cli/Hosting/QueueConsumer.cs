using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Revocation.Core.Events;
using Revocation.Storage;

namespace Revocation.Cli.Hosting;

/// <summary>
/// Consumes one queue the way the Functions host does (host.json): batches of <c>batchSize</c> with up to
/// <c>batchSize + newBatchThreshold</c> messages in flight, a failed message
/// made visible again after <c>visibilityTimeout</c>, and after <c>maxDequeueCount</c> failures copied to
/// <c>&lt;queue&gt;-poison</c> and deleted. Messages still being handled at shutdown finish; none is deleted unhandled.
/// A message in hand is leased for <see cref="HostSettings.Lease"/> and renewed (<see cref="MessageLease"/>).
/// It receives without decoding (<paramref name="rawService"/>) and decodes each message itself, so one message that
/// is not base64 UTF-8 is rejected with its reason (<paramref name="reject"/>) instead of failing the whole receive.
/// Storage failures never end the pump: a failed receive backs off (<see cref="StorageOutage"/>) and tries again.
/// </summary>
internal sealed class QueueConsumer(
    QueueServiceClient rawService, string queue, HostSettings settings, Func<QueueMessage, CancellationToken, Task> handle,
    Func<QueueMessage, string, CancellationToken, Task> reject, RunStats stats, StorageOutage outage, TimeProvider time, ILogger logger)
{
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
            if (await ReceiveAsync(stopping) is not { } batch) continue;
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

    /// <summary>A batch, or null after a failed receive (logged, backed off) or when stopped while backing off.</summary>
    private async Task<QueueMessage[]?> ReceiveAsync(CancellationToken stopping)
    {
        TimeSpan backoff;
        try
        {
            // A receive cancelled in flight may already have dequeued its messages on the service: they would stay
            // invisible for the whole lease. So a receive, once started, completes; stopping is checked before it.
            var batch = (await _queue.ReceiveMessagesAsync(settings.BatchSize, settings.Lease, CancellationToken.None)).Value;
            outage.Answered();
            return batch;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            backoff = outage.Failed(queue, e);
        }
        try
        {
            await Task.Delay(backoff, time, stopping);
        }
        catch (OperationCanceledException)
        {
        }
        return null;
    }

    /// <summary>Handles one message and settles it; never throws (a message it cannot settle comes back after its lease).</summary>
    private async Task HandleOneAsync(QueueMessage message)
    {
        using var lease = MessageLease.Start(_queue, message, settings.Lease, time, logger);
        var inHandSince = time.GetUtcNow();
        Exception? failure;
        while (true)
        {
            try
            {
                if (QueueMessageText.TryDecode(message.Body, out var reason) is { } text)
                    await handle(QueuesModelFactory.QueueMessage(message.MessageId, message.PopReceipt, BinaryData.FromString(text),
                        message.DequeueCount, message.NextVisibleOn, message.InsertedOn, message.ExpiresOn), CancellationToken.None);
                else await reject(message, reason!, CancellationToken.None);
                failure = null;
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failure = e;
                // Storage unreachable mid-message: try again while the message is in hand (for up to one lease) rather
                // than leave it to come back when its lease ends, so the host catches up within seconds of storage
                // returning. Handlers are idempotent, so a retry after a write that did land changes nothing.
                if (!StorageOutage.IsUnreachable(e) || time.GetUtcNow() - inHandSince >= settings.Lease) break;
                await Task.Delay(outage.Failed(queue, e), time, CancellationToken.None);
            }
        }
        var popReceipt = await lease.StopAsync();
        try
        {
            await SettleAsync(message, popReceipt, failure);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            HostLog.SettleFailed(logger, queue, message.MessageId, RunStats.OneLine(e));
        }
    }

    private async Task SettleAsync(QueueMessage message, string popReceipt, Exception? failure)
    {
        if (failure is null)
        {
            await _queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
            stats.Processed(queue);
            return;
        }
        stats.Failed(queue, failure);
        if (message.DequeueCount >= settings.MaxDequeueCount)
        {
            // The body as received (still base64): the host copies it to the poison queue the same way.
            await _poison.SendMessageAsync(message.Body.ToString(), CancellationToken.None);
            await _queue.DeleteMessageAsync(message.MessageId, popReceipt, CancellationToken.None);
            stats.Poisoned(queue);
        }
        else
        {
            await _queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
        }
    }
}
