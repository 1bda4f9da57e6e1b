using Azure;
using Azure.Data.Tables;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>
/// Active-token count as delta rows in the <c>sweeps</c> table, written at most once per
/// <see cref="FlushInterval"/> per instance (so intake pays almost nothing per event) and folded into a base row
/// by readers. Pending deltas of this instance are flushed before a read and by <see cref="FlushAsync"/>.
/// </summary>
public sealed class TableActiveTokenCounter(TableServiceClient service, TimeProvider time) : IActiveTokenCounter
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);
    private const string Partition = "counter";
    private const string BaseRow = "base";
    private readonly TableClient _table = service.GetTableClient(TableNames.Sweeps);
    private readonly Lock _gate = new();
    private long _pending;
    private DateTimeOffset _lastFlush = DateTimeOffset.MinValue;

    public async Task AddAsync(long delta, CancellationToken cancellationToken)
    {
        bool due;
        lock (_gate)
        {
            _pending += delta;
            due = time.GetUtcNow() - _lastFlush >= FlushInterval;
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
            await _table.AddEntityAsync(new TableEntity(Partition, $"delta|{Guid.NewGuid():N}") { ["Delta"] = delta }, cancellationToken);
        }
        catch
        {
            lock (_gate) _pending += delta;
            throw;
        }
    }

    public async Task<long> GetAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        long total = 0;
        var deltas = new List<TableEntity>();
        TableEntity? baseRow = null;
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            total += row.GetInt64("Delta") ?? row.GetInt64("Count") ?? 0;
            if (row.RowKey == BaseRow) baseRow = row;
            else deltas.Add(row);
        }
        if (deltas.Count >= 50) await CompactAsync(baseRow, deltas.Take(99).ToList(), cancellationToken);
        return total;
    }

    /// <summary>Folds deltas into the base row in one atomic batch; a concurrent compaction makes it fail harmlessly.</summary>
    private async Task CompactAsync(TableEntity? baseRow, List<TableEntity> deltas, CancellationToken cancellationToken)
    {
        var sum = (baseRow?.GetInt64("Count") ?? 0) + deltas.Sum(d => d.GetInt64("Delta") ?? 0);
        var next = new TableEntity(Partition, BaseRow) { ["Count"] = sum };
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
