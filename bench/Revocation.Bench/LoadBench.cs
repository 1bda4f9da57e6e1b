using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Sweep;
using Revocation.Storage;

namespace Revocation.Bench;

/// <summary>
/// Issue 17: intake at the highest rate this machine allows for a while, across the sharded layout. The intake
/// handler is driven directly (<see cref="Workers"/> at once, as two queue batches of a host would), 85 % new
/// issuances and 15 % uses of tokens issued earlier in the run. Prints entities written per partition of every table
/// (<see cref="PartitionWriteCounter"/>), the hottest partition's rate, and max ÷ mean per layout (a due-index hour, or a
/// whole table); then, on a fresh instance, what a sweep reads with 100 tokens due in that estate.
/// </summary>
internal static class LoadBench
{
    private const int Workers = QueueDriver.BatchSize * QueueDriver.BatchesInFlight;
    private const double TargetSkew = 2.0;
    private const int TargetSweepEntities = 1000;

    public static async Task<int> RunAsync(int minutes, int shards, int owners, CancellationToken cancellationToken)
    {
        await using var azurite = await BenchAzurite.StartAsync(cancellationToken);
        var policyFile = Events.WritePolicy("http://127.0.0.1:9/revoke", "x", "env:X", "P90D", "revoke", 1000);
        var settings = new Dictionary<string, string?> { ["Revocation:Storage:Shards"] = shards.ToString(CultureInfo.InvariantCulture) };
        var partitions = new PartitionWriteCounter();
        try
        {
            using var host = await BenchHost.CreateAsync(azurite.ConnectionString, policyFile, keyFile: null, cancellationToken,
                configureClients: partitions.Attach, extraSettings: settings);
            await EstateSeeder.SeedAsync(host, "load", 100, due: 100, owners, cancellationToken);
            Output.Line("load.shards", shards, "partitions per concentrated path");
            partitions.Reset();
            host.Counter.Reset();

            var intake = host.Get<IntakeService>();
            var duration = TimeSpan.FromMinutes(minutes);
            var now = DateTimeOffset.UtcNow;
            long next = 0, issued = 0, failed = 0, redelivered = 0;
            var timer = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
            {
                while (timer.Elapsed < duration && !cancellationToken.IsCancellationRequested)
                {
                    var i = Interlocked.Increment(ref next);
                    var known = Interlocked.Read(ref issued);
                    // Uses go to tokens issued well before (their issuance committed long since).
                    var body = i % 100 < 15 && known > 10 * Workers
                        ? Used($"load-use-{i}", $"bench:run-{Random.Shared.NextInt64(known - 10 * Workers):D9}", DateTimeOffset.UtcNow)
                        : Events.Issued($"load-{i}", $"bench:run-{Interlocked.Increment(ref issued) - 1:D9}", Events.ClassName, $"person-{i % owners}@bench", now, """{"handle":"h"}""");
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            var result = await intake.HandleAsync(new IntakeMessage(QueueNames.TokenEvents, $"m{i}", body, attempt), cancellationToken);
                            if (result.Outcome != IntakeOutcome.Accepted) Interlocked.Increment(ref failed);
                            break;
                        }
                        catch (Core.Tokens.TokenConflictException) when (attempt < 5)
                        {
                            // What the queue does with it: deliver it again.
                            Interlocked.Increment(ref redelivered);
                        }
                    }
                }
            }));
            await host.Get<TableActiveTokenCounter>().FlushAsync(cancellationToken);
            timer.Stop();
            var events = Interlocked.Read(ref next);
            var seconds = timer.Elapsed.TotalSeconds;
            Output.Line("load.events", events, "events");
            Output.Line("load.events_not_accepted", Interlocked.Read(ref failed), "events");
            Output.Line("load.redeliveries", Interlocked.Read(ref redelivered), "messages (token write conflicts, retried as the queue would)");
            Output.Seconds("load.time", timer.Elapsed);
            Output.Line("load.throughput", Math.Round(events / seconds, 1), "events/s");
            Output.Line("load.table_requests_per_event", Math.Round((double)host.Counter.Tables.Count / events, 3), "requests/event");
            var skewOk = ReportPartitions(partitions.Snapshot(), seconds);

            var sweepEntities = await SweepReadsAsync(azurite.ConnectionString, policyFile, settings, cancellationToken);
            Output.Text("load.target.skew", $"no partition above {TargetSkew}x the mean of its layout: {(skewOk ? "met" : "NOT met")}");
            Output.Text("load.target.sweep", $"< {TargetSweepEntities} entities read for 100 due: {(sweepEntities < TargetSweepEntities ? "met" : "NOT met")}");
            return failed == 0 ? 0 : 1;
        }
        finally
        {
            File.Delete(policyFile);
        }
    }

    /// <summary>Per table: partitions written, entities, hottest partition and its rate, max ÷ mean per layout.</summary>
    private static bool ReportPartitions(IReadOnlyDictionary<(string Table, string Partition), long> written, double seconds)
    {
        var ok = true;
        foreach (var table in written.GroupBy(w => w.Key.Table).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var hottest = table.MaxBy(w => w.Value);
            Output.Line($"load.{table.Key}.partitions_written", table.Count(), "partitions");
            Output.Line($"load.{table.Key}.entities_written", table.Sum(w => w.Value), "entities");
            Output.Line($"load.{table.Key}.max_partition_rate", Math.Round(hottest.Value / seconds, 1), $"entities/s ({hottest.Key.Partition})");
            // A layout is the set of partitions that share the load at one time: one due hour's shards, else the table.
            foreach (var layout in table.GroupBy(w => table.Key == TableNames.DueIndex ? w.Key.Partition.Split(ShardKey.Separator)[0] : "all"))
            {
                var mean = layout.Average(w => w.Value);
                var skew = layout.Max(w => w.Value) / mean;
                var label = layout.Key == "all" ? $"load.{table.Key}" : $"load.{table.Key}.{layout.Key}";
                Output.Line($"{label}.max_over_mean", Math.Round(skew, 2), $"({layout.Count()} partitions, mean {Math.Round(mean / seconds, 2).ToString(CultureInfo.InvariantCulture)} entities/s)");
                // Per-token partitions (ledger) and per-person ones (person index) follow the tokens and people; the
                // layouts this issue shards are judged.
                if (table.Key is TableNames.DueIndex or TableNames.Posture or TableNames.Sweeps or TableNames.People or TableNames.Rejections)
                    ok &= layout.Count() < 2 || skew <= TargetSkew;
            }
        }
        return ok;
    }

    private static async Task<int> SweepReadsAsync(string connectionString, string policyFile, Dictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        // As a timer fires it: a fresh instance.
        using var host = await BenchHost.CreateAsync(connectionString, policyFile, keyFile: null, cancellationToken, extraSettings: settings);
        long counterRows = 0;
        await foreach (var _ in new TableServiceClient(connectionString).GetTableClient(TableNames.Sweeps)
            .QueryAsync<TableEntity>(ShardKey.AllPartitionsFilter("counter"), select: ["RowKey"], cancellationToken: cancellationToken)) counterRows++;
        host.Counter.Reset();
        var report = await host.Get<SweepService>().RunAsync(SweepMode.DryRun, cancellationToken);
        var entities = report.HintsRead + report.TokensRead + (report.Revocations > 0 ? (int)counterRows : 0);
        Output.Line("load.sweep.due", report.Revocations, "tokens");
        Output.Line("load.sweep.hints_read", report.HintsRead, "entities");
        Output.Line("load.sweep.tokens_read", report.TokensRead, "entities");
        Output.Line("load.sweep.counter_rows_read", report.Revocations > 0 ? counterRows : 0, "entities");
        Output.Line("load.sweep.entities_read", entities, "entities");
        Output.Line("load.sweep.table_requests", host.Counter.Tables.Count, "requests");
        return entities;
    }

    private static string Used(string id, string tokenId, DateTimeOffset at) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["specversion"] = "1.0", ["id"] = id, ["source"] = "urn:bench:broker", ["type"] = "token.used", ["time"] = Events.Time(at),
            ["data"] = new Dictionary<string, object> { ["tokenId"] = tokenId, ["usedAt"] = Events.Time(at) },
        });
}
