using Azure.Data.Tables;

namespace Revocation.Storage;

/// <summary>
/// Group commit of upserts into one table. Concurrent upserts to the same partition are sent together as one
/// entity group transaction (≤ 100 entities) instead of one request each. A lone caller is written at once;
/// callers that arrive while a partition's transaction is in flight go in the next one. Each caller's task
/// completes only when its row is durable (or fails with the transaction's error), so a queue handler that
/// awaits it never acknowledges a message whose index rows were not written.
/// </summary>
internal sealed class GroupCommitter(TableClient table)
{
    /// <summary>Entity group transactions hold at most 100 entities.</summary>
    private const int MaxBatch = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Pending>> _queued = new(StringComparer.Ordinal);

    public Task UpsertAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        var pending = new Pending(entity, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool startFlusher;
        lock (_gate)
        {
            startFlusher = !_queued.TryGetValue(entity.PartitionKey, out var queue);
            if (startFlusher) _queued[entity.PartitionKey] = queue = [];
            queue!.Add(pending);
        }
        if (startFlusher) _ = FlushAsync(entity.PartitionKey);
        // The write itself is not cancelled (it is shared with other callers, and an upsert is idempotent).
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushAsync(string partitionKey)
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                var queue = _queued[partitionKey];
                if (queue.Count == 0)
                {
                    _queued.Remove(partitionKey);
                    return;
                }
                batch = TakeBatch(queue);
            }
            try
            {
                // One row per RowKey in a transaction: the last write of a key wins, as sequential upserts would.
                var actions = batch.GroupBy(p => p.Entity.RowKey, StringComparer.Ordinal)
                    .Select(g => new TableTransactionAction(TableTransactionActionType.UpsertReplace, g.Last().Entity)).ToList();
                if (actions.Count == 1) await table.UpsertEntityAsync(actions[0].Entity, TableUpdateMode.Replace);
                else await table.SubmitTransactionAsync(actions);
                foreach (var p in batch) p.Done.TrySetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                foreach (var p in batch) p.Done.TrySetException(e);
            }
        }
    }

    private static List<Pending> TakeBatch(List<Pending> queue)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var taken = 0;
        while (taken < queue.Count && (keys.Count < MaxBatch || keys.Contains(queue[taken].Entity.RowKey)))
        {
            keys.Add(queue[taken].Entity.RowKey);
            taken++;
        }
        var batch = queue.GetRange(0, taken);
        queue.RemoveRange(0, taken);
        return batch;
    }

    private sealed record Pending(TableEntity Entity, TaskCompletionSource Done);
}
