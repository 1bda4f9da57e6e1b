using Azure.Storage.Queues;
using Revocation.Core.Events;

namespace Revocation.Storage;

/// <summary>The intake queues, written base64 like <c>revctl publish</c> and the Functions host expect.</summary>
public sealed class QueueIntakeQueue(QueueServiceClient service) : IIntakeQueue
{
    public async Task EnqueueAsync(string queue, string cloudEventJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (queue is not (QueueNames.TokenEvents or QueueNames.IdentityEvents))
            throw new ArgumentException($"'{queue}' is not an intake queue", nameof(queue));
        await service.GetQueueClient(queue).SendMessageAsync(cloudEventJson, cancellationToken);
    }
}
