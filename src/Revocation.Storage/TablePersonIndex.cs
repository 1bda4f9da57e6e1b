using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>Person index: partition = the person, row = the token. One partition query per offboarding.</summary>
public sealed class TablePersonIndex(TableServiceClient service) : IPersonIndex
{
    private readonly TableClient _table = service.GetTableClient(TableNames.PersonIndex);

    public async Task AddAsync(string personId, string tokenId, CancellationToken cancellationToken) =>
        await _table.UpsertEntityAsync(
            new TableEntity(KeyEncoding.Encode(personId), KeyEncoding.Encode(tokenId)) { ["TokenId"] = tokenId, ["PersonId"] = personId },
            TableUpdateMode.Replace, cancellationToken);

    public async IAsyncEnumerable<string> ListTokensAsync(string personId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {KeyEncoding.Encode(personId)}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "TokenId"], cancellationToken: cancellationToken))
            yield return row.GetString("TokenId") ?? KeyEncoding.Decode(row.RowKey);
    }
}
