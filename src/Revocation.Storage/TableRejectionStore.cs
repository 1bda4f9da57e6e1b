using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>Rejected messages, partition = queue, newest first (row key = inverted ticks + message id).</summary>
public sealed class TableRejectionStore(TableServiceClient service) : IRejectionStore
{
    private readonly TableClient _table = service.GetTableClient(TableNames.Rejections);

    public async Task AddAsync(Rejection rejection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        var rowKey = (DateTimeOffset.MaxValue.UtcTicks - rejection.ReceivedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)
            + "|" + KeyEncoding.Encode(rejection.MessageId);
        await _table.UpsertEntityAsync(new TableEntity(KeyEncoding.Encode(rejection.Queue), rowKey)
        {
            ["Queue"] = rejection.Queue, ["MessageId"] = rejection.MessageId, ["ReceivedAt"] = rejection.ReceivedAt,
            ["Reason"] = rejection.Reason, ["Body"] = rejection.Body, ["BodySha256"] = rejection.BodySha256,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<Rejection> ListAsync(string? queue, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = queue is null
            ? _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
            : _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {KeyEncoding.Encode(queue)}"), cancellationToken: cancellationToken);
        await foreach (var t in rows)
        {
            yield return new Rejection(t.GetString("Queue") ?? "", t.GetString("MessageId") ?? "", t.GetDateTimeOffset("ReceivedAt") ?? default,
                t.GetString("Reason") ?? "", t.GetString("Body") ?? "", t.GetString("BodySha256") ?? "");
        }
    }
}
