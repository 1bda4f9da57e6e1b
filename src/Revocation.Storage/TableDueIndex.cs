using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>
/// Due hints partitioned by hour of due time and shard of the token id (<c>yyyyMMddHH|NN</c>, <see cref="ShardKey"/>),
/// row key <c>yyyyMMddHHmmssfffffff|token</c>: the hints of one hour spread over <see cref="StorageOptions.Shards"/>
/// partitions. The sweep's one range query returns only rows due by the cutoff, whatever the estate's size, and reads
/// both every shard and the unsharded hour partitions (<c>yyyyMMddHH</c>) written by earlier versions.
/// </summary>
public sealed class TableDueIndex(TableServiceClient service, IOptions<StorageOptions> options) : IDueIndex
{
    private readonly TableClient _table = service.GetTableClient(TableNames.DueIndex);
    private readonly GroupCommitter _upserts = new(service.GetTableClient(TableNames.DueIndex));

    public async Task UpsertAsync(string tokenId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition(tokenId, dueAt), RowKey(tokenId, dueAt)) { ["TokenId"] = tokenId };
        // Hints of one shard falling due in the same hour share a partition: concurrent ones go in one transaction.
        await _upserts.UpsertAsync(entity, cancellationToken);
    }

    public async IAsyncEnumerable<DueHint> ListDueAsync(DateTimeOffset cutoff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // '}' sorts right after '|': every partition up to the cutoff's hour (its shards and the unsharded one) is
        // below Bucket(cutoff) + '}', and every row due at or before the cutoff is below Stamp(cutoff) + '}'.
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {Bucket(cutoff) + "}"} and RowKey lt {Stamp(cutoff) + "}"}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var stamp = row.RowKey.Split('|')[0];
            var dueAt = DateTimeOffset.ParseExact(stamp, "yyyyMMddHHmmssfffffff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            yield return new DueHint(row.GetString("TokenId") ?? KeyEncoding.Decode(row.RowKey[(stamp.Length + 1)..]), dueAt) { StoreKey = row.PartitionKey };
        }
    }

    public async Task DeleteAsync(DueHint hint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hint);
        // The partition it was listed from (any layout); a hint built by a caller has none and is in today's layout.
        await _table.DeleteEntityAsync(hint.StoreKey ?? Partition(hint.TokenId, hint.DueAt), RowKey(hint.TokenId, hint.DueAt), cancellationToken: cancellationToken);
    }

    private string Partition(string tokenId, DateTimeOffset dueAt) =>
        ShardKey.Partition(Bucket(dueAt), ShardKey.Of(tokenId, options.Value.Shards));

    private static string RowKey(string tokenId, DateTimeOffset dueAt) => $"{Stamp(dueAt)}|{KeyEncoding.Encode(tokenId)}";

    private static string Bucket(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHHmmssfffffff", CultureInfo.InvariantCulture);
}
