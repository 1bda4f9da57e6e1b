using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Revocation.Core.Policy;
using Revocation.Core.Posture;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;
using Revocation.Storage;

namespace Revocation.Bench;

/// <summary>
/// Issue 17: the posture report on a real estate (<see cref="EstateSeeder"/>), served from the aggregates, beside a
/// full scan of the state rows of the same table in the same run: storage requests, entities read and time of each,
/// and whether both print the same report.
/// </summary>
internal static class ReportBench
{
    private const int TargetRatio = 50;

    public static async Task<int> RunAsync(int tokens, int owners, CancellationToken cancellationToken)
    {
        await using var azurite = await BenchAzurite.StartAsync(cancellationToken);
        var policyFile = Events.WritePolicy("http://127.0.0.1:9/revoke", "x", "env:X", "P90D", "revoke", 1000);
        try
        {
            using (var seeding = await BenchHost.CreateAsync(azurite.ConnectionString, policyFile, keyFile: null, cancellationToken))
                await EstateSeeder.SeedAsync(seeding, "report", tokens, due: 100, owners, cancellationToken);
            var raw = new TableServiceClient(azurite.ConnectionString);
            var ledgerRows = await CountAsync(raw.GetTableClient(TableNames.Ledger), cancellationToken);
            var postureRows = await CountAsync(raw.GetTableClient(TableNames.Posture), cancellationToken);
            Output.Line("report.estate.ledger_table_entities", ledgerRows, "entities (state rows, entries, markers)");
            Output.Line("report.estate.posture_rows", postureRows, "entities");

            // As 'revctl report' runs: a fresh process, no warm caches.
            using var host = await BenchHost.CreateAsync(azurite.ConnectionString, policyFile, keyFile: null, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            host.Counter.Reset();
            var timer = Stopwatch.StartNew();
            var cells = await host.Get<IPostureStore>().ReadAsync(cancellationToken);
            var aggregated = PostureReport.FromTotals(PostureTally.Fold(cells), now);
            timer.Stop();
            var aggregateRequests = host.Counter.Tables.Count;
            Output.Line("report.aggregates.table_requests", aggregateRequests, "requests");
            Output.Line("report.aggregates.entities_read", postureRows, "entities");
            Output.Seconds("report.aggregates.time", timer.Elapsed);

            host.Counter.Reset();
            timer.Restart();
            var states = new List<TokenRecord>();
            await foreach (var t in host.Get<ITokenStore>().ListAsync(cancellationToken)) states.Add(t);
            var offboarded = await host.Get<IPeopleStore>().GetOffboardedAsync(cancellationToken, fresh: true);
            var scanned = PostureReport.From(states, host.Get<PolicyDocument>(), offboarded, now);
            timer.Stop();
            // A filter on RowKey alone is not indexed: the service reads every entity of the table to find the state rows.
            Output.Line("report.scan.table_requests", host.Counter.Tables.Count, "requests");
            Output.Line("report.scan.state_rows_returned", states.Count, "entities");
            Output.Line("report.scan.entities_read", ledgerRows, "entities (every entity of the ledger table)");
            Output.Seconds("report.scan.time", timer.Elapsed);

            var same = JsonSerializer.Serialize(aggregated) == JsonSerializer.Serialize(scanned);
            var ratio = (double)ledgerRows / Math.Max(1, postureRows);
            Output.Text("report.same_report", same ? "yes" : "NO");
            Output.Line("report.scan_entities_per_aggregate_entity", Math.Round(ratio, 1), "");
            Output.Line("report.scan_state_rows_per_aggregate_entity", Math.Round((double)states.Count / Math.Max(1, postureRows), 1), "");
            Output.Text("report.target", $"aggregate entities <= 1/{TargetRatio} of the scan's: {(ratio >= TargetRatio ? "met" : "NOT met")}");
            return same && states.Count == tokens ? 0 : 1;
        }
        finally
        {
            File.Delete(policyFile);
        }
    }

    private static async Task<long> CountAsync(TableClient table, CancellationToken cancellationToken)
    {
        long n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken)) n++;
        return n;
    }
}
