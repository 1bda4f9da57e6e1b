using System.Diagnostics;
using Azure.Data.Tables;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Revocation;
using Revocation.Core.Sweep;
using Revocation.Storage;

namespace Revocation.Bench;

/// <summary>
/// Issue 4: what one sweep reads when <c>due</c> of <c>tokens</c> active tokens are due. Seeds through the real
/// recorder (state + ledger + dedup marker in one transaction, then the person and due indexes and the active count).
/// Azurite's in-memory tables slow down per operation as they grow (10k tokens seed in ~25 s, 40k took ~12 min),
/// so the estate beyond <c>tokens</c> is added as <c>padding</c> not-due tokens at the index level only: their due
/// hints (all a sweep could ever touch of them) and their count, written in batches. Both parts are printed.
/// </summary>
internal static class SweepBench
{
    private const int SeedConcurrency = 32;
    private const int TargetEntitiesRead = 1000;

    public static async Task<int> RunAsync(int tokens, int due, int padding, CancellationToken cancellationToken)
    {
        if (due > tokens) throw new ArgumentException("--due must not exceed --tokens");
        using var operations = new OperationBreakdown();
        await using var azurite = await BenchAzurite.StartAsync(cancellationToken);
        var policyFile = Events.WritePolicy("http://127.0.0.1:9/revoke", "x", "env:X", "PT1H", "revoke", Math.Max(due, 1));
        try
        {
            await SeedAsync(azurite.ConnectionString, policyFile, tokens, due, cancellationToken);
            await PadIndexAsync(azurite.ConnectionString, padding, cancellationToken);
            Output.Line("sweep.estate.active_tokens", tokens + padding, "tokens");
            Output.Line("sweep.estate.due_index_rows", await CountAllAsync(new TableServiceClient(azurite.ConnectionString).GetTableClient(TableNames.DueIndex), cancellationToken), "rows");

            // The sweep as a timer fires it: a fresh instance (no warm caches, no pending counter deltas).
            using var host = await BenchHost.CreateAsync(azurite.ConnectionString, policyFile, keyFile: null, cancellationToken);
            var uncounted = new TableServiceClient(azurite.ConnectionString);
            var sweep = host.Get<SweepService>();
            var ok = true;
            foreach (var mode in new[] { SweepMode.DryRun, SweepMode.Normal })
            {
                var label = mode == SweepMode.DryRun ? "sweep.dry_run" : "sweep.normal";
                var counterRows = await CountAsync(uncounted.GetTableClient(TableNames.Sweeps), "counter", cancellationToken);
                host.Counter.Reset();
                operations.Reset();
                var timer = Stopwatch.StartNew();
                var report = await sweep.RunAsync(mode, cancellationToken);
                timer.Stop();
                // The active count is read (all of its partition) only when something is to be revoked.
                var counterRead = report.Revocations > 0 ? counterRows : 0;
                var entities = report.HintsRead + report.TokensRead + counterRead;
                Output.Line($"{label}.hints_read", report.HintsRead, "entities");
                Output.Line($"{label}.tokens_read", report.TokensRead, "entities");
                Output.Line($"{label}.counter_rows_read", counterRead, "entities");
                Output.Line($"{label}.entities_read", entities, "entities");
                Output.Line($"{label}.revocations", report.Revocations, "tokens");
                Output.Line($"{label}.active_tokens_counted", report.ActiveTokens, "tokens");
                Output.Text($"{label}.guard", report.GuardReason ?? "not tripped");
                Output.Line($"{label}.stale_hints_cleaned", report.StaleHintsCleaned, "hints");
                Output.Line($"{label}.table_requests", host.Counter.Tables.Count, "requests");
                Output.Line($"{label}.queue_requests", host.Counter.Queues.Count, "requests");
                Output.Seconds($"{label}.time", timer.Elapsed);
                foreach (var (operation, count) in operations.Snapshot()) Output.Line($"{label}.operation.{operation}", count, "calls");
                Output.Text($"{label}.target", $"< {TargetEntitiesRead} entities read: {(entities < TargetEntitiesRead ? "met" : "NOT met")}");
                ok &= report.Revocations == due && !report.GuardTripped;
            }
            var queued = (await host.Clients.Queues.GetQueueClient(QueueNames.Revocations).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            Output.Line("sweep.revocations_queued", queued, "messages");
            return ok && queued == due ? 0 : 1;
        }
        finally
        {
            File.Delete(policyFile);
        }
    }

    private static async Task SeedAsync(string connectionString, string policyFile, int tokens, int due, CancellationToken cancellationToken)
    {
        using var host = await BenchHost.CreateAsync(connectionString, policyFile, keyFile: null, cancellationToken);
        var recorder = host.Get<TokenEventRecorder>();
        var now = DateTimeOffset.UtcNow;
        var longAgo = now.AddDays(-2);
        var credential = new CredentialReference("h", null);
        // Spread the due ones over the estate.
        var stride = due == 0 ? int.MaxValue : tokens / due;
        long done = 0;
        host.Counter.Reset();
        var timer = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, tokens), new ParallelOptions { MaxDegreeOfParallelism = SeedConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var isDue = i % stride == 0 && i / stride < due;
                var at = isDue ? longAgo : now;
                var envelope = new EventEnvelope($"seed-{i}", "urn:bench:broker", EventTypes.TokenIssued, at);
                var result = await recorder.ApplyAsync(
                    new TokenIssued(envelope, $"bench:sweep-{i:D7}", Events.ClassName, $"person-{i % 1000}@bench", null, at, null, null, null, credential), ct);
                if (result.Outcome != IntakeOutcome.Accepted) throw new InvalidOperationException($"seed {i}: {result.Outcome} {result.Reason}");
                var n = Interlocked.Increment(ref done);
                if (n % Math.Max(tokens / 10, 1) == 0) Output.Note($"seeded {n}/{tokens} in {timer.Elapsed.TotalSeconds:0.0} s");
            });
        await host.Get<TableActiveTokenCounter>().FlushAsync(cancellationToken);
        timer.Stop();
        Output.Line("sweep.seed.tokens", tokens, "tokens");
        Output.Line("sweep.seed.due", due, "tokens");
        Output.Seconds("sweep.seed.time", timer.Elapsed);
        Output.Line("sweep.seed.throughput", Math.Round(tokens / timer.Elapsed.TotalSeconds, 1), "tokens/s");
        Output.Line("sweep.seed.table_requests_per_token", Math.Round((double)host.Counter.Tables.Count / tokens, 3), "requests/token");
    }

    /// <summary>Not-due tokens at the index level: due hints spread over the next 90 days, batched per hour partition.</summary>
    private static async Task PadIndexAsync(string connectionString, int padding, CancellationToken cancellationToken)
    {
        if (padding <= 0) return;
        var timer = Stopwatch.StartNew();
        var table = new TableServiceClient(connectionString).GetTableClient(TableNames.DueIndex);
        var start = DateTimeOffset.UtcNow.AddDays(1);
        var hints = Enumerable.Range(0, padding).Select(i =>
        {
            var dueAt = start.AddMinutes(i % (90 * 24 * 60));
            var id = $"bench:padding-{i:D7}";
            return new TableEntity(dueAt.UtcDateTime.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture),
                $"{dueAt.UtcDateTime.ToString("yyyyMMddHHmmssfffffff", System.Globalization.CultureInfo.InvariantCulture)}|{KeyEncoding.Encode(id)}") { ["TokenId"] = id };
        });
        var batches = hints.GroupBy(h => h.PartitionKey).SelectMany(g => g.Chunk(100)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = SeedConcurrency, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct));
        var counter = new TableActiveTokenCounter(new TableServiceClient(connectionString), Microsoft.Extensions.Options.Options.Create(new Revocation.Core.Storage.StorageOptions()), TimeProvider.System);
        await counter.AddAsync(padding, cancellationToken);
        await counter.FlushAsync(cancellationToken);
        Output.Line("sweep.seed.index_padding", padding, "tokens (due hints only)");
        Output.Seconds("sweep.seed.index_padding_time", timer.Elapsed);
    }

    private static async Task<int> CountAllAsync(TableClient table, CancellationToken cancellationToken)
    {
        var n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken)) n++;
        return n;
    }

    private static async Task<int> CountAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken)) n++;
        return n;
    }
}
