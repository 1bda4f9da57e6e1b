using Azure.Storage.Queues;

namespace Revocation.Faults;

/// <summary>Sends scenario messages: base64 ones as the pipeline's publishers do, raw ones with <c>MessageEncoding.None</c>.</summary>
public sealed class MessageSender(string connectionString)
{
    private const int Concurrency = 16;
    private readonly QueueServiceClient _base64 = new(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    private readonly QueueServiceClient _raw = new(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

    /// <summary>Sends every message (up to 16 at once, roughly in order) and records each message id.</summary>
    public async Task SendAsync(IEnumerable<(SentMessage Message, BinaryData Body)> messages, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (m, ct) =>
        {
            var client = (m.Message.Raw ? _raw : _base64).GetQueueClient(m.Message.Queue);
            var receipt = m.Message.Raw
                ? await client.SendMessageAsync(m.Body.ToString(), ct)
                : await client.SendMessageAsync(m.Body, cancellationToken: ct);
            m.Message.MessageId = receipt.Value.MessageId;
        });
    }

    public Task SendAsync(IEnumerable<(SentMessage Message, string Body)> messages, CancellationToken cancellationToken) =>
        SendAsync(messages.Select(m => (m.Message, BinaryData.FromString(m.Body))), cancellationToken);
}
