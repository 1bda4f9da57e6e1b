using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Revocation.Core.Posture;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>
/// The posture aggregates in the <c>posture</c> table (<see cref="PostureRows"/>). Changes are group-committed like
/// <see cref="GroupCommitter"/>'s upserts: concurrent changes to rows of one partition are summed and written as one
/// entity group transaction, each row replaced with the ETag it was read with (read once, then kept: a writer pays
/// one request per partition per round, a conflict re-reads). A caller's task completes when its change is durable.
/// </summary>
public sealed class TablePostureStore(TableServiceClient service, IOptions<StorageOptions> options) : IPostureStore
{
    private const int MaxBatch = 100;
    private const int MaxConflictRetries = 8;

    /// <summary>Rows remembered with their ETag; past this the memory is cleared (re-read on next write).</summary>
    private const int MaxKnownRows = 20_000;

    private readonly TableClient _table = service.GetTableClient(TableNames.Posture);
    private readonly int _lane = Random.Shared.Next(options.Value.Shards);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Pending>> _queued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TableEntity?> _known = new(StringComparer.Ordinal);

    public Task AddAsync(IReadOnlyList<PostureChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var done = new List<Task>(changes.Count);
        foreach (var change in changes)
        {
            var (partition, rowKey) = PostureRows.Keys(change.Cell, _lane, options.Value.Shards);
            var pending = new Pending(rowKey, change, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            bool start;
            lock (_gate)
            {
                start = !_queued.TryGetValue(partition, out var queue);
                if (start) _queued[partition] = queue = [];
                queue!.Add(pending);
            }
            if (start) _ = FlushAsync(partition);
            done.Add(pending.Done.Task);
        }
        // The write itself is not cancelled: it is shared with other callers.
        return Task.WhenAll(done).WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<PostureCell, PostureCounts>> ReadAsync(CancellationToken cancellationToken)
    {
        var totals = new Dictionary<PostureCell, PostureCounts>();
        await foreach (var row in _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var (cell, counts) = PostureRows.FromEntity(row);
            // Lanes of one owner-less cell add up; an owner's cell is one row.
            if (totals.TryGetValue(cell, out var total)) total.Add(counts);
            else totals[cell] = counts;
        }
        return totals;
    }

    public async Task ReplaceAsync(IReadOnlyDictionary<PostureCell, PostureCounts> totals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var next = totals.Select(t => (Keys: PostureRows.Keys(t.Key, 0, options.Value.Shards), t.Key, t.Value))
            .Select(t => PostureRows.ToEntity(t.Keys.Partition, t.Keys.RowKey, t.Key, t.Value)).ToList();
        var keep = next.Select(e => (e.PartitionKey, e.RowKey)).ToHashSet();
        var actions = next.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)).ToList();
        await foreach (var row in _table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            if (!keep.Contains((row.PartitionKey, row.RowKey))) actions.Add(new(TableTransactionActionType.Delete, row, ETag.All));
        foreach (var batch in actions.GroupBy(a => a.Entity.PartitionKey).SelectMany(g => g.Chunk(MaxBatch)))
            await _table.SubmitTransactionAsync(batch, cancellationToken);
        // Other writers hold ETags of the replaced rows: their next write fails its condition, re-reads and adds on top.
        _known.Clear();
    }

    private async Task FlushAsync(string partition)
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                var queue = _queued[partition];
                if (queue.Count == 0)
                {
                    _queued.Remove(partition);
                    return;
                }
                var keys = new HashSet<string>(StringComparer.Ordinal);
                var taken = 0;
                while (taken < queue.Count && (keys.Count < MaxBatch || keys.Contains(queue[taken].RowKey))) keys.Add(queue[taken++].RowKey);
                batch = queue.GetRange(0, taken);
                queue.RemoveRange(0, taken);
            }
            try
            {
                await WriteAsync(partition, batch);
                foreach (var p in batch) p.Done.TrySetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                foreach (var p in batch) p.Done.TrySetException(e);
            }
        }
    }

    private async Task WriteAsync(string partition, List<Pending> batch)
    {
        var rows = new Dictionary<string, (PostureCell Cell, PostureCounts Delta)>(StringComparer.Ordinal);
        foreach (var p in batch)
        {
            if (rows.TryGetValue(p.RowKey, out var row)) rows[p.RowKey] = (Named(row.Cell, p.Change.Cell), row.Delta.AddAndReturn(p.Change.Delta));
            else rows[p.RowKey] = (p.Change.Cell, p.Change.Delta.Copy());
        }
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var missing = rows.Keys.Where(k => !_known.ContainsKey(Known(partition, k))).ToList();
            await Task.WhenAll(missing.Select(async k =>
            {
                var current = await _table.GetEntityIfExistsAsync<TableEntity>(partition, k);
                _known[Known(partition, k)] = current.HasValue ? current.Value : null;
            }));
            var actions = rows.Select(r => Action(partition, r.Key, r.Value.Cell, r.Value.Delta)).ToList();
            try
            {
                var response = await _table.SubmitTransactionAsync(actions);
                if (_known.Count > MaxKnownRows) _known.Clear();
                for (var i = 0; i < actions.Count; i++)
                {
                    var etag = response.Value[i].Headers.ETag;
                    if (etag is { } tag) actions[i].Entity.ETag = tag;
                    if (etag is null) _known.TryRemove(Known(partition, actions[i].Entity.RowKey), out _);
                    else _known[Known(partition, actions[i].Entity.RowKey)] = (TableEntity)actions[i].Entity;
                }
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
            {
                // Another writer (or a rebuild) changed a row since it was read: read this batch's rows again.
                foreach (var k in rows.Keys) _known.TryRemove(Known(partition, k), out _);
            }
        }
        throw new InvalidOperationException($"posture aggregates in partition {partition} changed concurrently {MaxConflictRetries} times in a row");
    }

    private TableTransactionAction Action(string partition, string rowKey, PostureCell cell, PostureCounts delta)
    {
        var current = _known[Known(partition, rowKey)];
        if (current is null) return new(TableTransactionActionType.Add, PostureRows.ToEntity(partition, rowKey, cell, delta));
        var (stored, counts) = PostureRows.FromEntity(current);
        counts.Add(delta);
        return new(TableTransactionActionType.UpdateReplace, PostureRows.ToEntity(partition, rowKey, Named(stored, cell), counts), current.ETag);
    }

    /// <summary>The owner's ordinal-first spelling, as the report prints it (<see cref="PostureGroup.Named"/>).</summary>
    private static PostureCell Named(PostureCell a, PostureCell b) => string.CompareOrdinal(a.OwnerName, b.OwnerName) <= 0 ? a : b;

    private static string Known(string partition, string rowKey) => partition + "/" + rowKey;

    private sealed record Pending(string RowKey, PostureChange Change, TaskCompletionSource Done);
}
