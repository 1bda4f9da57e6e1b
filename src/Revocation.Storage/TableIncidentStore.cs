using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Revocation.Core.Incidents;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>Incidents: partition <c>incidents</c>, row = the encoded incident id. Incidents are rare: one partition holds them all.</summary>
public sealed class TableIncidentStore(TableServiceClient service) : IIncidentStore
{
    private const string Partition = "incidents";
    private readonly TableClient _table = service.GetTableClient(TableNames.Incidents);

    public async Task UpsertAsync(IncidentRecord incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        await _table.UpsertEntityAsync(new TableEntity(Partition, KeyEncoding.Encode(incident.Id))
        {
            ["Id"] = incident.Id,
            ["Selector"] = JsonSerializer.Serialize(incident.Selector, StorageJson.Options),
            ["Reason"] = incident.Reason,
            ["Actor"] = incident.Actor,
            ["DeclaredBy"] = incident.DeclaredBy,
            ["DeclaredAt"] = incident.DeclaredAt,
            ["Status"] = incident.Status,
            ["Matched"] = incident.Matched,
            ["Revoked"] = incident.Revoked,
            ["Queued"] = incident.Queued,
            ["Failed"] = incident.Failed,
            ["Guard"] = incident.Guard,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IncidentRecord?> TryGetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, KeyEncoding.Encode(id), cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>Every incident; none when the table does not exist yet (storage provisioned before incidents existed, read by a report).</summary>
    public async IAsyncEnumerable<IncidentRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        var rows = new List<IncidentRecord>();
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) rows.Add(FromEntity(row));
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == "TableNotFound")
        {
            yield break;
        }
        foreach (var r in rows) yield return r;
    }

    private static IncidentRecord FromEntity(TableEntity t) => new(
        t.GetString("Id") ?? KeyEncoding.Decode(t.RowKey),
        JsonSerializer.Deserialize<SortedDictionary<string, string>>(t.GetString("Selector") ?? "{}", StorageJson.Options) ?? [],
        t.GetString("Reason") ?? "",
        t.GetString("Actor"),
        t.GetString("DeclaredBy") ?? "",
        t.GetDateTimeOffset("DeclaredAt") ?? DateTimeOffset.UnixEpoch,
        t.GetString("Status") ?? "",
        t.GetInt32("Matched") ?? 0,
        t.GetInt32("Revoked") ?? 0,
        t.GetInt32("Queued") ?? 0,
        t.GetInt32("Failed") ?? 0,
        t.GetString("Guard"));
}
