using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Revocation.Core.Incidents;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>
/// Slice index: partition <c>{dimension}|{encoded canonical value}|{shard}</c> (shard = the first four bytes of the token id's
/// SHA-256, modulo <see cref="IncidentOptions.IndexShards"/>, two digits), row = the encoded token id. One partner's
/// issuances spread over the shards, so no partition takes them all (about 2,000 entities/s each); a slice is read with
/// one partition query per shard, in parallel: entities read = the slice's rows, whatever the estate's size.
/// </summary>
public sealed class TableSliceIndex(TableServiceClient service, IOptions<IncidentOptions> options) : ISliceIndex
{
    private readonly TableClient _table = service.GetTableClient(TableNames.SliceIndex);
    private readonly GroupCommitter _upserts = new(service.GetTableClient(TableNames.SliceIndex));
    private readonly int _shards = options.Value.IndexShards;

    /// <summary>Concurrent additions to the same shard go in one transaction (see <see cref="GroupCommitter"/>).</summary>
    public Task AddAsync(string dimension, string value, string tokenId, CancellationToken cancellationToken) =>
        _upserts.UpsertAsync(
            new TableEntity(Partition(dimension, value, Shard(tokenId)), KeyEncoding.Encode(tokenId)) { ["TokenId"] = tokenId, ["Value"] = value },
            cancellationToken);

    public async IAsyncEnumerable<string> ListTokensAsync(string dimension, string value, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Every shard at once: the slice costs one round trip of latency per page, not one per shard.
        var shards = await Task.WhenAll(Enumerable.Range(0, _shards).Select(s => ReadShardAsync(Partition(dimension, value, s), cancellationToken)));
        foreach (var shard in shards)
            foreach (var tokenId in shard) yield return tokenId;
    }

    /// <summary>One entity group transaction per shard (≤ 100 rows each), not one request per row.</summary>
    public async Task RemoveAsync(string dimension, string value, IReadOnlyCollection<string> tokenIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        var batches = tokenIds.Distinct(StringComparer.Ordinal).GroupBy(Shard).SelectMany(shard => shard.Chunk(100).Select(chunk =>
            chunk.Select(id => new TableTransactionAction(TableTransactionActionType.Delete,
                new TableEntity(Partition(dimension, value, shard.Key), KeyEncoding.Encode(id)), ETag.All)).ToList()));
        await Task.WhenAll(batches.Select(batch => DeleteAsync(batch, cancellationToken)));
    }

    private async Task DeleteAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        try
        {
            if (batch.Count == 1) await _table.DeleteEntityAsync(batch[0].Entity.PartitionKey, batch[0].Entity.RowKey, ETag.All, cancellationToken);
            else await _table.SubmitTransactionAsync(batch, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            // A row another reader cleaned first fails the whole transaction: delete the others one by one.
            foreach (var action in batch) await DeleteOneAsync(action.Entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already cleaned by another reader.
        }
    }

    private async Task DeleteOneAsync(ITableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already cleaned.
        }
    }

    private async Task<List<string>> ReadShardAsync(string partition, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "TokenId"], cancellationToken: cancellationToken))
                ids.Add(row.GetString("TokenId") ?? KeyEncoding.Decode(row.RowKey));
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == "TableNotFound")
        {
            // Storage provisioned before the slice index existed (a dry run provisions nothing): no rows yet, see revctl index rebuild.
        }
        return ids;
    }

    private int Shard(string tokenId) =>
        (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(tokenId)), 0) % (uint)_shards);

    private static string Partition(string dimension, string value, int shard) =>
        $"{dimension}|{KeyEncoding.Encode(SliceDimensions.Canonical(dimension, value))}|{shard.ToString("D2", CultureInfo.InvariantCulture)}";
}
