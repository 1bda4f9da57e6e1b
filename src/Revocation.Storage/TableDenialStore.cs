using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Revocation.Core.Access;

namespace Revocation.Storage;

/// <summary>
/// Denied decisions (docs/decisions.md): partition = the flush's window (UTC <c>yyyyMMddTHHmmssZ</c>, so a time range is a
/// partition range), row key = reason | SHA-256 of the token id (hex, 32 chars; <c>~</c> for the aggregate row) | instance.
/// The token id, holders and sample are properties; one window's rows go in transactions of at most 100.
/// </summary>
public sealed class TableDenialStore(TableServiceClient service) : IDenialStore
{
    private const string WindowFormat = "yyyyMMdd'T'HHmmss'Z'";
    private readonly TableClient _table = service.GetTableClient(TableNames.Denials);

    public async Task WriteAsync(IReadOnlyList<DenialRecord> denials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(denials);
        foreach (var window in denials.GroupBy(d => Window(d.WindowStart), StringComparer.Ordinal))
            foreach (var chunk in window.Chunk(100))
                await _table.SubmitTransactionAsync(chunk.Select(d => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(window.Key, d))),
                    cancellationToken);
    }

    /// <summary>None when the table does not exist yet (storage provisioned before decisions existed, read by a report).</summary>
    public async IAsyncEnumerable<DenialRecord> ListAsync(DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {Window(since)}");
        var rows = new List<DenialRecord>();
        try
        {
            await foreach (var t in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) rows.Add(FromEntity(t));
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == "TableNotFound")
        {
            yield break;
        }
        foreach (var r in rows) yield return r;
    }

    private static DenialRecord FromEntity(TableEntity t) => new(
        t.GetDateTimeOffset("WindowStart") ?? default, t.GetString("TokenId"), t.GetString("Reason") ?? "", t.GetInt64("Count") ?? 0,
        t.GetDateTimeOffset("FirstAt") ?? default, t.GetDateTimeOffset("LastAt") ?? default,
        List(t.GetString("Holders")), List(t.GetString("TokenIds")), t.GetString("Instance") ?? "");

    private static TableEntity ToEntity(string window, DenialRecord d) =>
        new(window, $"{KeyEncoding.Encode(d.Reason)}|{(d.TokenId is null ? "~" : Hash(d.TokenId))}|{KeyEncoding.Encode(d.Instance)}")
        {
            ["WindowStart"] = d.WindowStart, ["TokenId"] = d.TokenId, ["Reason"] = d.Reason, ["Count"] = d.Count,
            ["FirstAt"] = d.FirstAt, ["LastAt"] = d.LastAt, ["Instance"] = d.Instance,
            ["Holders"] = JsonSerializer.Serialize(d.Holders), ["TokenIds"] = JsonSerializer.Serialize(d.TokenIds),
        };

    private static string Window(DateTimeOffset at) => at.UtcDateTime.ToString(WindowFormat, CultureInfo.InvariantCulture);

    private static string Hash(string tokenId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tokenId)))[..32];

    private static List<string> List(string? json) => json is null ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
