using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>
/// Rejected messages, partition = queue and shard of the message id (<c>queue|NN</c>, <see cref="StorageOptions.Shards"/>),
/// row key = inverted ticks + message id. Listed newest first per queue, from every shard and the unsharded
/// <c>queue</c> partition of earlier versions.
/// </summary>
public sealed class TableRejectionStore(TableServiceClient service, IOptions<StorageOptions> options) : IRejectionStore
{
    private readonly TableClient _table = service.GetTableClient(TableNames.Rejections);

    public async Task AddAsync(Rejection rejection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        var rowKey = (DateTimeOffset.MaxValue.UtcTicks - rejection.ReceivedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)
            + "|" + KeyEncoding.Encode(rejection.MessageId);
        var queue = KeyEncoding.Encode(rejection.Queue);
        await _table.UpsertEntityAsync(new TableEntity(ShardKey.Partition(queue, ShardKey.Of(rejection.MessageId, options.Value.Shards)), rowKey)
        {
            ["Queue"] = rejection.Queue, ["MessageId"] = rejection.MessageId, ["ReceivedAt"] = rejection.ReceivedAt,
            ["Reason"] = rejection.Reason, ["Body"] = rejection.Body, ["BodySha256"] = rejection.BodySha256,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<Rejection> ListAsync(string? queue, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = queue is null
            ? _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
            : _table.QueryAsync<TableEntity>(ShardKey.AllPartitionsFilter(KeyEncoding.Encode(queue)), cancellationToken: cancellationToken);
        // Shards interleave in time: one queue's rows are merged newest first (rejections are few; a list is kept).
        var all = new List<Rejection>();
        await foreach (var t in rows)
        {
            all.Add(new Rejection(t.GetString("Queue") ?? "", t.GetString("MessageId") ?? "", t.GetDateTimeOffset("ReceivedAt") ?? default,
                t.GetString("Reason") ?? "", t.GetString("Body") ?? "", t.GetString("BodySha256") ?? ""));
        }
        foreach (var r in all.OrderBy(r => r.Queue, StringComparer.Ordinal).ThenByDescending(r => r.ReceivedAt)) yield return r;
    }
}
