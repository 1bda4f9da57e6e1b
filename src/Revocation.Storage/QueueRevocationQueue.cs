using System.Text.Json;
using Azure.Storage.Queues;
using Revocation.Core.Events;
using Revocation.Core.Revocation;

namespace Revocation.Storage;

/// <summary>The <c>revocations</c> queue. Messages are JSON (no token value), base64 like the Functions host expects.</summary>
public sealed class QueueRevocationQueue(QueueServiceClient service) : IRevocationQueue
{
    private readonly QueueClient _queue = service.GetQueueClient(QueueNames.Revocations);

    public async Task EnqueueAsync(RevocationRequest request, TimeSpan? delay, CancellationToken cancellationToken) =>
        await _queue.SendMessageAsync(JsonSerializer.Serialize(request, StorageJson.Options), delay, cancellationToken: cancellationToken);

    public static RevocationRequest? Parse(string body)
    {
        try
        {
            var request = JsonSerializer.Deserialize<RevocationRequest>(body, StorageJson.Options);
            return request is { TokenId.Length: > 0, Reason.Length: > 0 } ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
