using Azure.Data.Tables;
using Revocation.Storage;

namespace Revocation.Pipeline.Tests;

/// <summary>Every table row (keys and ETag) and every queue's messages, to prove an operation changed nothing.</summary>
internal static class StorageSnapshot
{
    /// <summary>The pipeline's storage after it wrote the posture changes it held (they belong to earlier operations).</summary>
    public static async Task<List<string>> TakeAsync(Pipeline pipeline)
    {
        await pipeline.Get<TablePostureStore>().FlushAsync(CancellationToken.None);
        return await TakeAsync(pipeline.Clients);
    }

    public static async Task<List<string>> TakeAsync(StorageClients clients)
    {
        var rows = new List<string>();
        await foreach (var t in clients.Tables.QueryAsync())
            await foreach (var row in clients.Tables.GetTableClient(t.Name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
                rows.Add($"{t.Name}|{row.PartitionKey}|{row.RowKey}|{row.ETag}");
        await foreach (var q in clients.Queues.GetQueuesAsync())
        {
            var queue = clients.Queues.GetQueueClient(q.Name);
            var count = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
            rows.Add($"queue|{q.Name}|{count}");
            rows.AddRange((await queue.PeekMessagesAsync(32)).Value.Select(m => $"queue|{q.Name}|{m.MessageId}|{m.DequeueCount}"));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
