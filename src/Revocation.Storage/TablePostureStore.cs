using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Revocation.Core.Posture;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>
/// The posture aggregates in the <c>posture</c> table (<see cref="PostureRows"/>). Changes are summed per cell in
/// memory and written at most <see cref="FlushInterval"/> after they arrive: each partition's cells as entity group
/// transactions (≤ 100 rows), each row replaced with the ETag it was read with (read once, then kept; a conflict
/// re-reads). So the intake pays about one request per partition per second for them, not one per event. Changes
/// not yet written when the process stops are written by <see cref="Dispose"/>; a crash loses them (the aggregates
/// are hints, repaired by a rebuild: <see cref="IPostureStore"/>).
/// </summary>
public sealed class TablePostureStore(TableServiceClient service, IOptions<StorageOptions> options, TimeProvider time) : IPostureStore, IDisposable
{
    /// <summary>Longest a change waits in memory before it is written.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private const int MaxBatch = 100;
    private const int MaxConflictRetries = 8;

    /// <summary>Rows remembered with their ETag; past this the memory is cleared (re-read on next write).</summary>
    private const int MaxKnownRows = 20_000;

    private readonly TableClient _table = service.GetTableClient(TableNames.Posture);
    private readonly int _lane = Random.Shared.Next(options.Value.Shards);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ConcurrentDictionary<string, TableEntity?> _known = new(StringComparer.Ordinal);
    private Dictionary<(string Partition, string RowKey), (PostureCell Cell, PostureCounts Delta)> _pending = [];
    private bool _scheduled;

    public Task AddAsync(IReadOnlyList<PostureChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (_gate)
        {
            foreach (var change in changes) Merge(_pending, PostureRows.Keys(change.Cell, _lane, options.Value.Shards), change.Cell, change.Delta);
            if (_scheduled || _pending.Count == 0) return Task.CompletedTask;
            _scheduled = true;
        }
        _ = FlushLaterAsync();
        return Task.CompletedTask;
    }

    /// <summary>Writes every change held in memory now.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            Dictionary<(string Partition, string RowKey), (PostureCell Cell, PostureCounts Delta)> taken;
            lock (_gate) (taken, _pending) = (_pending, []);
            try
            {
                foreach (var partition in taken.GroupBy(p => p.Key.Partition))
                    foreach (var batch in partition.Chunk(MaxBatch))
                        await WriteAsync(partition.Key, batch.ToDictionary(b => b.Key.RowKey, b => b.Value, StringComparer.Ordinal), cancellationToken);
            }
            catch
            {
                // Kept for the next flush (rows already written were removed from the memory of what is pending).
                lock (_gate) foreach (var (key, value) in taken) Merge(_pending, key, value.Cell, value.Delta);
                throw;
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    public async Task<IReadOnlyDictionary<PostureCell, PostureCounts>> ReadAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
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
        await FlushAsync(cancellationToken);
        var next = totals.Select(t => (Keys: PostureRows.Keys(t.Key, 0, options.Value.Shards), t.Key, t.Value))
            .Select(t => PostureRows.ToEntity(t.Keys.Partition, t.Keys.RowKey, t.Key, t.Value)).ToList();
        var keep = next.Select(e => (e.PartitionKey, e.RowKey)).ToHashSet();
        var actions = next.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)).ToList();
        await foreach (var row in _table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            if (!keep.Contains((row.PartitionKey, row.RowKey))) actions.Add(new(TableTransactionActionType.Delete, row, Azure.ETag.All));
        foreach (var batch in actions.GroupBy(a => a.Entity.PartitionKey).SelectMany(g => g.Chunk(MaxBatch)))
            await _table.SubmitTransactionAsync(batch, cancellationToken);
        // Other writers hold ETags of the replaced rows: their next write fails its condition, re-reads and adds on top.
        _known.Clear();
    }

    /// <summary>Writes what is held in memory (bounded: a host stopping must not hang on an unreachable store).</summary>
    public void Dispose()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            FlushAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Lost like a crash's: the aggregates are hints, a rebuild recounts them.
        }
        _writing.Dispose();
    }

    private async Task FlushLaterAsync()
    {
        await Task.Delay(FlushInterval, time);
        lock (_gate) _scheduled = false;
        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile: Dispose wrote what was held.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Kept in memory by FlushAsync; the next change schedules another try.
        }
    }

    private static void Merge(
        Dictionary<(string Partition, string RowKey), (PostureCell Cell, PostureCounts Delta)> pending, (string, string) key, PostureCell cell, PostureCounts delta)
    {
        if (pending.TryGetValue(key, out var row)) pending[key] = (Named(row.Cell, cell), row.Delta.AddAndReturn(delta));
        else pending[key] = (cell, delta.Copy());
    }

    private async Task WriteAsync(string partition, Dictionary<string, (PostureCell Cell, PostureCounts Delta)> rows, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var missing = rows.Keys.Where(k => !_known.ContainsKey(Known(partition, k))).ToList();
            await Task.WhenAll(missing.Select(async k =>
            {
                var current = await _table.GetEntityIfExistsAsync<TableEntity>(partition, k, cancellationToken: cancellationToken);
                _known[Known(partition, k)] = current.HasValue ? current.Value : null;
            }));
            var actions = rows.Select(r => Action(partition, r.Key, r.Value.Cell, r.Value.Delta)).ToList();
            try
            {
                var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
                if (_known.Count > MaxKnownRows) _known.Clear();
                for (var i = 0; i < actions.Count; i++)
                {
                    var entity = (TableEntity)actions[i].Entity;
                    if (response.Value[i].Headers.ETag is { } etag)
                    {
                        entity.ETag = etag;
                        _known[Known(partition, entity.RowKey)] = entity;
                    }
                    else _known.TryRemove(Known(partition, entity.RowKey), out _);
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
}
