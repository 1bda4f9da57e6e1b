using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace Revocation.Cli.Hosting;

/// <summary>
/// Keeps a received message invisible while it is handled: every third of <see cref="HostSettings.Lease"/> its
/// visibility is extended by a whole lease (<c>UpdateMessage</c>), and the new pop receipt kept, since the old one
/// stops working. A host killed mid-message so delays its redelivery by at most one lease.
/// </summary>
internal sealed class MessageLease : IDisposable
{
    private readonly QueueClient _queue;
    private readonly string _queueName;
    private readonly string _messageId;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private string _popReceipt;

    private MessageLease(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider time, ILogger logger)
    {
        _queueName = queue.Name;
        (_queue, _messageId, _popReceipt, _lease, _time, _logger) = (queue, message.MessageId, message.PopReceipt, lease, time, logger);
        _renewing = RenewAsync(_stop.Token);
    }

    public static MessageLease Start(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider time, ILogger logger) =>
        new(queue, message, lease, time, logger);

    /// <summary>Stops renewing (a renewal in flight completes first) and returns the current pop receipt.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        return _popReceipt;
    }

    public void Dispose() => _stop.Dispose();

    private async Task RenewAsync(CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await Task.Delay(_lease / 3, _time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                // Not cancelled by stop: an update cancelled in flight may have changed the receipt on the service.
                var updated = await _queue.UpdateMessageAsync(_messageId, _popReceipt, visibilityTimeout: _lease, cancellationToken: CancellationToken.None);
                _popReceipt = updated.Value.PopReceipt;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // The lease ran out (an outage longer than a lease) and the message went back to the queue.
                HostLog.LeaseLost(_logger, _queueName, _messageId);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Debug: during an outage every message in hand fails its renewal; StorageOutage warns once.
                HostLog.LeaseRenewalFailed(_logger, _queueName, _messageId, e);
            }
        }
    }
}
