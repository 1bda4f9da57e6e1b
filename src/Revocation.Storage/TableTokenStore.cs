using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Revocation.Core.Ledger;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Storage;

/// <summary>
/// Token state rows, ledger entries and de-duplication markers in one table, one partition per chain, so that
/// a commit (marker + entries + state with its ETag) is one entity group transaction: one round trip, atomic.
/// </summary>
public sealed class TableTokenStore(TableServiceClient service) : ITokenStore
{
    private readonly TableClient _table = service.GetTableClient(TableNames.Ledger);

    public async Task<TokenRecord?> TryGetAsync(string tokenId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(KeyEncoding.Chain(tokenId), LedgerRows.StateRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? StateRows.FromEntity(response.Value!) : null;
    }

    public async Task<CommitResult> TryCommitAsync(TokenCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var pk = KeyEncoding.Chain(commit.Chain);
        var actions = new List<TableTransactionAction>(commit.Entries.Count + 2);
        if (commit.DedupKey is not null)
        {
            // First in the batch, so a duplicate is reported as this action's failure.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(commit.DedupKey)));
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(pk, LedgerRows.DedupPrefix + hash) { ["Kind"] = "dedup" }));
        }
        actions.AddRange(commit.Entries.Select(e => new TableTransactionAction(TableTransactionActionType.Add, LedgerRows.ToEntity(e))));
        var state = StateRows.ToEntity(pk, commit);
        actions.Add(commit.IsNew
            ? new(TableTransactionActionType.Add, state)
            : new(TableTransactionActionType.UpdateReplace, state, new ETag(commit.ExpectedVersion!)));
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
            return CommitResult.Committed;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return commit.DedupKey is not null && e.FailedTransactionActionIndex == 0 && e.Status == 409
                ? CommitResult.Duplicate
                : CommitResult.Conflict;
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == "TableNotFound")
        {
            throw new InvalidOperationException($"table '{TableNames.Ledger}' does not exist: run the provisioning step (revctl creates it locally; infra/ in Azure)", e);
        }
    }

    public async IAsyncEnumerable<LedgerEntry> ReadChainAsync(string chain, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {KeyEncoding.Chain(chain)} and RowKey ge {LedgerRows.FirstEntryKey} and RowKey le {LedgerRows.LastEntryKey}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            yield return LedgerRows.FromEntity(row);
    }

    public async IAsyncEnumerable<TokenRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {LedgerRows.StateRowKey}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.PartitionKey.StartsWith('~')) continue;
            yield return StateRows.FromEntity(row);
        }
    }

    public Task<ListPage<TokenRecord>> ListPageAsync(string? cls, string? state, int top, string? continuation, CancellationToken cancellationToken)
    {
        // Token partitions are encoded ids (never '~'): the system chains' rows sort after them and are left out.
        var filter = TableClient.CreateQueryFilter($"RowKey eq {LedgerRows.StateRowKey} and PartitionKey lt {"~"}");
        if (cls is not null) filter += " and " + TableClient.CreateQueryFilter($"Class eq {cls}");
        if (state is not null) filter += " and " + TableClient.CreateQueryFilter($"State eq {state}");
        return TablePaging.TakeAsync(_table, filter, null, top, continuation, StateRows.FromEntity, cancellationToken);
    }

    public async IAsyncEnumerable<ChainHead> ListChainsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {LedgerRows.StateRowKey}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "HeadSeq", "HeadHash"], cancellationToken: cancellationToken))
            yield return new ChainHead(KeyEncoding.DecodeChain(row.PartitionKey), row.GetInt64("HeadSeq") ?? 0, row.GetString("HeadHash") ?? "");
    }

    /// <summary>Every partition that holds ledger entries, including any without a state row (found by a scan).</summary>
    public async IAsyncEnumerable<string> ListEntryChainsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        var filter = TableClient.CreateQueryFilter($"RowKey ge {LedgerRows.FirstEntryKey} and RowKey le {LedgerRows.LastEntryKey}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (row.PartitionKey == last) continue;
            last = row.PartitionKey;
            yield return KeyEncoding.DecodeChain(row.PartitionKey);
        }
    }

    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, StorageJson.Options);
}
