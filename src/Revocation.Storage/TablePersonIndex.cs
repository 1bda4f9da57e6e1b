using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Storage;

/// <summary>Person index: partition = the person (<see cref="PersonIds.Key"/>, so every spelling of one id shares it), row = the token. One partition query per offboarding.</summary>
public sealed class TablePersonIndex(TableServiceClient service) : IPersonIndex
{
    private readonly TableClient _table = service.GetTableClient(TableNames.PersonIndex);
    private readonly GroupCommitter _upserts = new(service.GetTableClient(TableNames.PersonIndex));

    /// <summary>Concurrent additions for the same person go in one transaction (see <see cref="GroupCommitter"/>).</summary>
    public Task AddAsync(string personId, string tokenId, CancellationToken cancellationToken) =>
        _upserts.UpsertAsync(
            new TableEntity(KeyEncoding.Encode(PersonIds.Key(personId)), KeyEncoding.Encode(tokenId)) { ["TokenId"] = tokenId, ["PersonId"] = personId },
            cancellationToken);

    public async IAsyncEnumerable<string> ListTokensAsync(string personId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {KeyEncoding.Encode(PersonIds.Key(personId))}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "TokenId"], cancellationToken: cancellationToken))
            yield return row.GetString("TokenId") ?? KeyEncoding.Decode(row.RowKey);
    }

    public Task<ListPage<string>> ListTokensPageAsync(string personId, int top, string? continuation, CancellationToken cancellationToken) =>
        TablePaging.TakeAsync(_table, TableClient.CreateQueryFilter($"PartitionKey eq {KeyEncoding.Encode(PersonIds.Key(personId))}"),
            ["RowKey", "TokenId"], top, continuation, row => row.GetString("TokenId") ?? KeyEncoding.Decode(row.RowKey), cancellationToken);
}
