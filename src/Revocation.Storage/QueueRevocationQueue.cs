using Azure.Storage.Queues;
using Revocation.Core.Events;
using Revocation.Core.Revocation;

namespace Revocation.Storage;

/// <summary>The <c>revocations</c> queue. Messages are JSON (no token value), base64 like the Functions host expects.</summary>
public sealed class QueueRevocationQueue(QueueServiceClient service) : IRevocationQueue
{
    private readonly QueueClient _queue = service.GetQueueClient(QueueNames.Revocations);

    public async Task EnqueueAsync(RevocationRequest request, TimeSpan? delay, CancellationToken cancellationToken) =>
        await _queue.SendMessageAsync(RevocationRequestJson.Serialize(request), delay, cancellationToken: cancellationToken);
}
