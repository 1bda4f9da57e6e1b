using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Storage;

/// <summary>
/// Active-token count as delta rows in the <c>sweeps</c> table, spread over <see cref="StorageOptions.Shards"/> partitions
/// (<c>counter|NN</c>, each instance's flushes taking the shards in turn: no partition takes every instance's flushes; readers also take the
/// unsharded <c>counter</c> partition of earlier versions). Increments are written at most once per
/// <see cref="FlushInterval"/> per instance (so intake pays almost nothing per event); a decrement is written at once,
/// with whatever is pending, so the stored count never runs ahead of the truth (<see cref="ActiveTokenCount"/>).
/// Deltas are folded into each partition's base row by writers every 20th flush. Reads never write: they add this instance's
/// unflushed deltas.
/// </summary>
public sealed class TableActiveTokenCounter(TableServiceClient service, IOptions<StorageOptions> options, TimeProvider time) : IActiveTokenCounter
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);
    private const string BaseName = "counter";
    private const string BaseRow = "base";
    private readonly TableClient _table = service.GetTableClient(TableNames.Sweeps);
    private readonly TableClient _ledger = service.GetTableClient(TableNames.Ledger);
    private readonly Lock _gate = new();
    private const int CompactEvery = 20;
    private int _nextShard = Random.Shared.Next(StorageOptionsValidator.MaxShards);
    private long _pending;
    private long _flushes;
    private DateTimeOffset _lastFlush = DateTimeOffset.MinValue;

    public async Task AddAsync(long delta, CancellationToken cancellationToken)
    {
        bool due;
        lock (_gate)
        {
            _pending += delta;
            due = delta < 0 || time.GetUtcNow() - _lastFlush >= FlushInterval;
        }
        if (due) await FlushAsync(cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        long delta;
        lock (_gate)
        {
            delta = _pending;
            _pending = 0;
            _lastFlush = time.GetUtcNow();
        }
        if (delta == 0) return;
        try
        {
            // Round-robin from a random start: each instance's flushes cover every shard evenly.
            var partition = ShardKey.Partition(BaseName, (int)((uint)Interlocked.Increment(ref _nextShard) % (uint)options.Value.Shards));
            await _table.AddEntityAsync(new TableEntity(partition, $"delta|{Guid.NewGuid():N}") { ["Delta"] = delta }, cancellationToken);
        }
        catch
        {
            lock (_gate) _pending += delta;
            throw;
        }
        // Writers keep the partition small: every CompactEvery-th flush folds deltas into the base row.
        if (Interlocked.Increment(ref _flushes) % CompactEvery == 0)
        {
            var (_, partitions) = await ReadAsync(cancellationToken);
            foreach (var (partition, baseRow, deltas) in partitions)
                if (deltas.Count > 1) await CompactAsync(partition, baseRow, [.. deltas.Take(99)], cancellationToken);
        }
    }

    /// <summary>The stored count plus this instance's unflushed deltas. Read-only: a dry-run sweep changes nothing.</summary>
    public async Task<long> GetAsync(CancellationToken cancellationToken)
    {
        var (total, _) = await ReadAsync(cancellationToken);
        lock (_gate) return total + _pending;
    }

    public async Task<long> CountExactlyAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {LedgerRows.StateRowKey} and (State eq {TokenStates.Active} or State eq {TokenStates.RevocationPending})");
        long count = 0;
        await foreach (var _ in _ledger.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken)) count++;
        return count;
    }

    /// <summary>Every partition's rows, in one query over the shards and the unsharded partition.</summary>
    private async Task<(long Total, List<(string Partition, TableEntity? Base, List<TableEntity> Deltas)> Partitions)> ReadAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        var partitions = new List<(string Partition, TableEntity? Base, List<TableEntity> Deltas)>();
        await foreach (var row in _table.QueryAsync<TableEntity>(ShardKey.AllPartitionsFilter(BaseName), cancellationToken: cancellationToken))
        {
            total += row.GetInt64("Delta") ?? row.GetInt64("Count") ?? 0;
            if (partitions.Count == 0 || partitions[^1].Partition != row.PartitionKey) partitions.Add((row.PartitionKey, null, []));
            if (row.RowKey == BaseRow) partitions[^1] = partitions[^1] with { Base = row };
            else partitions[^1].Deltas.Add(row);
        }
        return (total, partitions);
    }

    /// <summary>Folds deltas into the base row in one atomic batch; a concurrent compaction makes it fail harmlessly.</summary>
    private async Task CompactAsync(string partition, TableEntity? baseRow, List<TableEntity> deltas, CancellationToken cancellationToken)
    {
        var sum = (baseRow?.GetInt64("Count") ?? 0) + deltas.Sum(d => d.GetInt64("Delta") ?? 0);
        var next = new TableEntity(partition, BaseRow) { ["Count"] = sum };
        var actions = new List<TableTransactionAction>
        {
            baseRow is null ? new(TableTransactionActionType.Add, next) : new(TableTransactionActionType.UpdateReplace, next, baseRow.ETag),
        };
        actions.AddRange(deltas.Select(d => new TableTransactionAction(TableTransactionActionType.Delete, d, d.ETag)));
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException)
        {
            // Another reader compacted first; its result stands.
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
        }
    }
}
