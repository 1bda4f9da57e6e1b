using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>
/// Due hints partitioned by hour of due time (<c>yyyyMMddHH</c>), row key <c>yyyyMMddHHmmssfffffff|token</c>.
/// The sweep's one range query returns only rows due by the cutoff, whatever the estate's size.
/// </summary>
public sealed class TableDueIndex(TableServiceClient service) : IDueIndex
{
    private readonly TableClient _table = service.GetTableClient(TableNames.DueIndex);
    private readonly GroupCommitter _upserts = new(service.GetTableClient(TableNames.DueIndex));

    public async Task UpsertAsync(string tokenId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Bucket(dueAt), $"{Stamp(dueAt)}|{KeyEncoding.Encode(tokenId)}") { ["TokenId"] = tokenId };
        // Hints of tokens falling due in the same hour share a partition: concurrent ones go in one transaction.
        await _upserts.UpsertAsync(entity, cancellationToken);
    }

    public async IAsyncEnumerable<DueHint> ListDueAsync(DateTimeOffset cutoff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // '}' sorts right after '|', so every row due at or before the cutoff is below it.
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {Bucket(cutoff)} and RowKey lt {Stamp(cutoff) + "}"}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var stamp = row.RowKey.Split('|')[0];
            var dueAt = DateTimeOffset.ParseExact(stamp, "yyyyMMddHHmmssfffffff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            yield return new DueHint(row.GetString("TokenId") ?? KeyEncoding.Decode(row.RowKey[(stamp.Length + 1)..]), dueAt);
        }
    }

    public async Task DeleteAsync(DueHint hint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hint);
        await _table.DeleteEntityAsync(Bucket(hint.DueAt), $"{Stamp(hint.DueAt)}|{KeyEncoding.Encode(hint.TokenId)}", cancellationToken: cancellationToken);
    }

    private static string Bucket(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHHmmssfffffff", CultureInfo.InvariantCulture);
}
