using System.Diagnostics;
using Revocation.Core.Events;
using Revocation.Core.Incidents;
using Revocation.Core.Intake;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;
using Revocation.Secrets;
using Revocation.Storage;
using Revocation.Testing;

namespace Revocation.Bench;

/// <summary>
/// Issue 16: the time from revoke-by-source (the core call <c>revctl revoke --source</c> makes) to the last provider
/// confirmation, for one partner's tokens among an estate seeded through the intake's own recorder, against calling
/// the provider directly for as many tokens at the same concurrency; and the index entities read to find the slice.
/// </summary>
internal static class IncidentBench
{
    private const string SecretVariable = "BENCH_OAUTH_SECRET";
    private const string Target = "urn:partner:breached";
    private const string WarmUpSource = "urn:partner:warm-up";
    private const int WarmUpTokens = 64;
    private const int SeedConcurrency = 64;
    private const double TargetRatio = 1.5;
    private const double TargetReadsPerToken = 1.2;

    /// <summary>The state row's RowKey in a token's ledger partition (docs/ledger.md).</summary>
    private const string StateRowKey = "~state";

    public static async Task<int> RunAsync(int estate, int padding, int slice, int providerLatencyMs, int runs, CancellationToken cancellationToken)
    {
        if (runs < 1) throw new ArgumentException("--runs must be at least 1");
        if ((long)slice * runs > estate) throw new ArgumentException("--slice times --runs must not exceed --tokens");
        var latency = TimeSpan.FromMilliseconds(providerLatencyMs);
        Environment.SetEnvironmentVariable(SecretVariable, "broker-secret");
        await using var azurite = await BenchAzurite.StartAsync(cancellationToken);
        await using var oauth = await OAuthServerFixture.StartAsync(cancellationToken);
        var policyFile = Events.WritePolicy(oauth.RevocationEndpoint.ToString(), "broker", "env:" + SecretVariable, "P90D", "revoke", slice);
        var keyFile = Path.Combine(Path.GetTempPath(), $"revocation-bench-{Guid.NewGuid():N}.key");
        try
        {
            using var host = await BenchHost.CreateAsync(azurite.ConnectionString, policyFile, keyFile, cancellationToken, latency);
            // One breached partner per run, each with its own real tokens at the server: the runs share one seeded estate.
            var values = new string[runs][];
            for (var r = 0; r < runs; r++) values[r] = await OffboardingBench.FreshTokensAsync(oauth, slice, cancellationToken);
            var seeding = Stopwatch.StartNew();
            await SeedAsync(host, estate, values, cancellationToken);
            await PadAsync(host, estate, padding, cancellationToken);
            seeding.Stop();
            Output.Line("incident.estate_tokens_seeded", estate, "tokens");
            Output.Line("incident.index_padding_tokens", padding, "tokens");
            Output.Line("incident.slice_tokens", slice, "tokens");
            Output.Line("incident.runs", runs, "");
            Output.Line("incident.added_provider_latency", providerLatencyMs, "ms");
            Output.Seconds("incident.seed_time", seeding.Elapsed);

            // Warm-up, as a long-running host is warm: one incident over another partner's 64 tokens through the same path,
            // and 64 direct calls, before either side is timed (first calls: connection pools, caches, first JIT). The
            // process runs without tiered compilation (Revocation.Bench.csproj), so the timed runs execute optimized code
            // from the start, not code being recompiled as it runs (bench/README.md).
            var warmUp = Stopwatch.StartNew();
            await SeedWarmUpAsync(host, await OffboardingBench.FreshTokensAsync(oauth, WarmUpTokens, cancellationToken), cancellationToken);
            var warmReport = await host.Get<IncidentService>().DeclareAsync(
                new IncidentDeclaration("bench-warm-up", new IncidentSelector { Source = WarmUpSource }, "bench: warm-up", "bench", "revctl", DateTimeOffset.UtcNow),
                SweepMode.Normal, null, cancellationToken);
            using var http = new HttpClient(latency > TimeSpan.Zero
                ? new LatencyHandler(latency) { InnerHandler = new SocketsHttpHandler() } : new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(30) };
            var concurrency = host.Get<Microsoft.Extensions.Options.IOptions<IncidentOptions>>().Value.MaxConcurrentTokens;
            await OffboardingBench.DirectAsync(http, oauth, await OffboardingBench.FreshTokensAsync(oauth, WarmUpTokens, cancellationToken), concurrency, cancellationToken);
            Output.Line("incident.warm_up.revoked", warmReport.ByOutcome.GetValueOrDefault(IncidentOutcomes.Revoked), "tokens");
            Output.Seconds("incident.warm_up.time", warmUp.Elapsed);

            var cpu = new CpuMeter(("bench", Environment.ProcessId), ("azurite", azurite.ProcessId), ("oauth", oauth.ProcessId));
            var ratios = new List<double>();
            var readsPerToken = 0.0;
            var exit = 0;
            for (var r = 0; r < runs; r++)
            {
                var prefix = runs == 1 ? "incident" : $"incident.run{r + 1}";
                var (ratio, reads, ok) = await MeasureOnceAsync(host, azurite, oauth, http, cpu, prefix, r, slice, values[r], concurrency, cancellationToken);
                ratios.Add(ratio);
                readsPerToken = Math.Max(readsPerToken, reads);
                if (!ok) exit = 1;
            }
            var worst = ratios.Max();
            if (runs > 1) Output.Text("incident.ratio_pipeline_to_direct.all", string.Join(" ", ratios.Select(x => x.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))));
            Output.Text("incident.target.time", $"pipeline <= {TargetRatio}x direct: {(worst <= TargetRatio ? "met" : "NOT met")}{(runs > 1 ? " (every run)" : "")}");
            Output.Text("incident.target.reads", $"index entities read per token <= {TargetReadsPerToken}: {(readsPerToken <= TargetReadsPerToken ? "met" : "NOT met")}");

            var direct = await OffboardingBench.DirectAsync(http, oauth, await OffboardingBench.FreshTokensAsync(oauth, slice, cancellationToken), concurrency, cancellationToken);
            // The storage floor on the same Azurite: per token one point read and one four-entity transaction, 16 at a time.
            var floor = await OffboardingBench.StorageFloorAsync(azurite.ConnectionString, slice, cancellationToken);
            Output.Seconds("incident.floor.read_and_transaction_per_token.time", floor);
            Output.Line("incident.ratio_floor_to_direct", Math.Round(floor / direct.Elapsed, 2), "");

            // The same floor on the estate's own ledger table (other partners' tokens, so the measured slices are untouched):
            // on Azurite the cost of a write grows with the table, which a fresh table does not show.
            var from = slice * runs;
            var estateFloor = await EstateFloorAsync(host, Enumerable.Range(from, Math.Min(slice, estate - from)).Select(TokenId), cancellationToken);
            if (estateFloor > TimeSpan.Zero)
            {
                Output.Seconds("incident.floor_on_estate_table.read_and_transaction_per_token.time", estateFloor);
                Output.Line("incident.ratio_floor_on_estate_table_to_direct", Math.Round(estateFloor / direct.Elapsed, 2), "");
            }
            return exit;
        }
        finally
        {
            File.Delete(policyFile);
            File.Delete(keyFile);
        }
    }

    /// <summary>
    /// One timed incident over run <paramref name="run"/>'s partner (a dry run first, as an operator would), then as many
    /// direct calls at the same concurrency; its lines under <paramref name="prefix"/>. The ratio, the index entities read per token, and whether every token
    /// was revoked and found inactive at the server.
    /// </summary>
    private static async Task<(double Ratio, double ReadsPerToken, bool Ok)> MeasureOnceAsync(
        BenchHost host, AzuriteFixture azurite, OAuthServerFixture oauth, HttpClient http, CpuMeter cpu, string prefix, int run, int slice, string[] values, int concurrency,
        CancellationToken cancellationToken)
    {
        var source = Source(run);
        var ids = Enumerable.Range(run * slice, slice).Select(TokenId).ToList();
        var declaration = new IncidentDeclaration($"bench-incident-{run + 1}", new IncidentSelector { Source = source }, "bench: partner breached", "bench", "revctl", DateTimeOffset.UtcNow);
        // The index read alone (the shard queries), then the dry run (what an operator runs first): find and check, nothing written.
        var indexTimer = Stopwatch.StartNew();
        var rows = 0;
        await foreach (var _ in host.Get<ISliceIndex>().ListTokensAsync(SliceDimensions.Source, source, cancellationToken)) rows++;
        Output.Seconds($"{prefix}.find.index_read_time", indexTimer.Elapsed);
        Output.Line($"{prefix}.find.index_rows", rows, "entities");
        host.Counter.Reset();
        var dryTimer = Stopwatch.StartNew();
        var dry = await host.Get<IncidentService>().DeclareAsync(declaration, SweepMode.DryRun, null, cancellationToken);
        Output.Seconds($"{prefix}.dry_run.time", dryTimer.Elapsed);
        Output.Line($"{prefix}.dry_run.table_requests", host.Counter.Tables.Count, "requests");
        Output.Line($"{prefix}.dry_run.matched", dry.Items.Count, "tokens");

        // t0: revoke by source; t1: the last provider confirmation recorded (the issue's measure: inline, the last token
        // reported done; through the queue, if anything was left). The call returns later, after the clean-up that
        // follows the confirmations (closed tokens' slice rows, stored values, counts): printed beside it.
        await BenchAzurite.SettleAsync(azurite, cancellationToken);
        host.Counter.Reset();
        LatencyHandler.Reset();
        cpu.Start();
        var timer = Stopwatch.StartNew();
        var lastDone = new LastProgress(timer);
        var report = await host.Get<IncidentService>().DeclareAsync(declaration, SweepMode.Normal, lastDone, cancellationToken);
        var returned = timer.Elapsed;
        cpu.Stop($"{prefix}.pipeline");
        Output.Seconds($"{prefix}.pipeline.call_returned", returned);
        Output.Line($"{prefix}.pipeline.provider_answer_after_wait.mean", Math.Round(LatencyHandler.MeanAnswerMs, 2), "ms");
        var tableRequests = host.Counter.Tables.Count;
        var store = host.Get<ITokenStore>();
        var revoked = await CountRevokedAsync(store, ids, cancellationToken);
        var drained = await DrainAsync(host, store, ids, revoked, timer, cancellationToken);
        var pipelineTime = revoked == slice ? lastDone.At : drained;
        Output.Seconds($"{prefix}.pipeline.time", pipelineTime);
        foreach (var (outcome, count) in report.ByOutcome) Output.Line($"{prefix}.pipeline.outcome.{outcome}", count, "tokens");
        Output.Line($"{prefix}.pipeline.revoked", await CountRevokedAsync(store, ids, cancellationToken), "tokens");
        Output.Line($"{prefix}.find.index_entities_read", report.HintsRead, "entities");
        Output.Line($"{prefix}.find.index_entities_read_per_token", Math.Round((double)report.HintsRead / slice, 3), "");
        Output.Line($"{prefix}.check.state_rows_read", report.TokensRead, "entities");
        Output.Line($"{prefix}.pipeline.table_requests", tableRequests, "requests");
        Output.Line($"{prefix}.pipeline.table_requests_per_token", Math.Round((double)tableRequests / slice, 2), "");

        var fresh = await OffboardingBench.FreshTokensAsync(oauth, slice, cancellationToken);
        await BenchAzurite.SettleAsync(azurite, cancellationToken);
        LatencyHandler.Reset();
        cpu.Start();
        var direct = await OffboardingBench.DirectAsync(http, oauth, fresh, concurrency, cancellationToken);
        cpu.Stop($"{prefix}.direct.concurrent{concurrency}");
        Output.Line($"{prefix}.direct.concurrent{concurrency}.provider_answer_after_wait.mean", Math.Round(LatencyHandler.MeanAnswerMs, 2), "ms");
        Output.Seconds($"{prefix}.direct.concurrent{concurrency}.time", direct.Elapsed);
        Output.Line($"{prefix}.direct.concurrent{concurrency}.ok", direct.Ok, "calls");
        var ratio = pipelineTime / direct.Elapsed;
        Output.Line($"{prefix}.ratio_pipeline_to_direct", Math.Round(ratio, 2), "");

        var inactive = 0;
        foreach (var value in values) if (!await oauth.IsActiveAsync(value)) inactive++;
        Output.Line($"{prefix}.verified_inactive_at_server", inactive, "tokens");
        return (ratio, (double)report.HintsRead / slice, inactive == slice && direct.Ok == slice);
    }

    /// <summary>
    /// Per token one point read of its state row and one four-action transaction in its partition of the ledger table
    /// (two new rows, a marker, the state row replaced with its ETag), 16 at a time: what recording a revocation needs at
    /// the least, on the table as large as the estate made it. Zero when the estate has no tokens outside the slice.
    /// </summary>
    private static async Task<TimeSpan> EstateFloorAsync(BenchHost host, IEnumerable<string> tokenIds, CancellationToken cancellationToken)
    {
        var ids = tokenIds.ToList();
        if (ids.Count == 0) return TimeSpan.Zero;
        var ledger = host.Clients.Tables.GetTableClient(TableNames.Ledger);
        var data = new string('x', 400);
        var timer = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, ct) =>
            await OffboardingBench.RecordFloorAsync(ledger, KeyEncoding.Chain(id), StateRowKey, "floor-", data, null, ct));
        return timer.Elapsed;
    }

    /// <summary>When the incident reported its last token done (the last inline confirmation, before the clean-up after it).</summary>
    private sealed class LastProgress(Stopwatch timer) : IProgress<(int Done, int Total)>
    {
        private long _ticks;

        public TimeSpan At => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

        public void Report((int Done, int Total) value)
        {
            var now = timer.Elapsed.Ticks;
            long seen;
            do seen = Interlocked.Read(ref _ticks); while (now > seen && Interlocked.CompareExchange(ref _ticks, now, seen) != seen);
        }
    }

    private static string TokenId(int i) => $"bench:inc-{i:D6}";

    /// <summary>Run <paramref name="run"/>'s breached partner (the first is <see cref="Target"/>).</summary>
    private static string Source(int run) => run == 0 ? Target : $"{Target}-{run + 1}";

    /// <summary>
    /// The estate through the intake's own recorder (state row, ledger entry and every index, as an issuance writes them),
    /// <see cref="SeedConcurrency"/> at a time: the first S × runs tokens are the breached partners' (S each, run r's partner
    /// <see cref="Source"/>(r)), with real values at the OAuth server; the rest belong to 99 other partners.
    /// </summary>
    private static async Task SeedAsync(BenchHost host, int estate, string[][] values, CancellationToken cancellationToken)
    {
        var recorder = host.Get<TokenEventRecorder>();
        var secrets = host.Get<LocalSecretStore>();
        var now = DateTimeOffset.UtcNow.AddMinutes(-10);
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, estate), new ParallelOptions { MaxDegreeOfParallelism = SeedConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var (run, at) = (i / values[0].Length, i % values[0].Length);
                var inSlice = run < values.Length;
                var credential = inSlice ? new CredentialReference(null, await secrets.PutAsync(values[run][at], ct)) : new CredentialReference($"h{i}", null);
                var source = inSlice ? Source(run) : $"urn:partner:other-{i % 99:D2}";
                var issued = new TokenIssued(new EventEnvelope($"seed-{i}", source, EventTypes.TokenIssued, now), TokenId(i), Events.ClassName,
                    $"owner-{i % 500}@bench", null, now, null, null, null, credential);
                var result = await recorder.ApplyAsync(issued, ct);
                // Duplicate: the SDK retried a transaction whose answer was lost, and the marker says it was recorded (idempotent).
                if (result.Outcome is not (IntakeOutcome.Accepted or IntakeOutcome.Duplicate)) throw new InvalidOperationException($"seed {i}: {result.Outcome} {result.Reason}");
                if (Interlocked.Increment(ref done) % 10_000 == 0) Output.Note($"seeded {done} of {estate}");
            });
    }

    /// <summary>The warm-up partner's tokens, with real values, through the same recorder.</summary>
    private static async Task SeedWarmUpAsync(BenchHost host, string[] values, CancellationToken cancellationToken)
    {
        var recorder = host.Get<TokenEventRecorder>();
        var secrets = host.Get<LocalSecretStore>();
        var now = DateTimeOffset.UtcNow.AddMinutes(-10);
        await Parallel.ForEachAsync(Enumerable.Range(0, values.Length), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var credential = new CredentialReference(null, await secrets.PutAsync(values[i], ct));
                var issued = new TokenIssued(new EventEnvelope($"warm-{i}", WarmUpSource, EventTypes.TokenIssued, now), $"bench:warm-{i:D3}", Events.ClassName,
                    "owner-warm@bench", null, now, null, null, null, credential);
                var result = await recorder.ApplyAsync(issued, ct);
                if (result.Outcome is not (IntakeOutcome.Accepted or IntakeOutcome.Duplicate)) throw new InvalidOperationException($"warm-up {i}: {result.Outcome} {result.Reason}");
            });
    }

    /// <summary>
    /// Tokens beyond the seeded ones exist as the slice-index rows their issuance would write (class and source, other
    /// partners) and in the active count: everything an incident by source could read of them (see bench/README.md).
    /// </summary>
    private static async Task PadAsync(BenchHost host, int from, int padding, CancellationToken cancellationToken)
    {
        var index = host.Get<ISliceIndex>();
        await Parallel.ForEachAsync(Enumerable.Range(from, padding), new ParallelOptions { MaxDegreeOfParallelism = SeedConcurrency * 2, CancellationToken = cancellationToken },
            async (i, ct) => await Task.WhenAll(
                index.AddAsync(SliceDimensions.Class, Events.ClassName, TokenId(i), ct),
                index.AddAsync(SliceDimensions.Source, $"urn:partner:other-{i % 99:D2}", TokenId(i), ct)));
        await host.Get<IActiveTokenCounter>().AddAsync(padding, cancellationToken);
    }

    /// <summary>What the inline budget left (retries) goes through the revocations queue, as in the hosts.</summary>
    private static async Task<TimeSpan> DrainAsync(BenchHost host, ITokenStore store, List<string> ids, int revoked, Stopwatch timer, CancellationToken cancellationToken)
    {
        if (revoked == ids.Count) return timer.Elapsed;
        var worker = host.Get<RevocationMessageService>();
        var driver = new QueueDriver(host.Clients.Queues.GetQueueClient(QueueNames.Revocations),
            async m => await worker.HandleAsync(m.MessageId, m.Body.ToString(), cancellationToken));
        await driver.RunAsync(async () => await CountRevokedAsync(store, ids, cancellationToken) >= ids.Count || timer.Elapsed > TimeSpan.FromMinutes(5), cancellationToken);
        return timer.Elapsed;
    }

    private static async Task<int> CountRevokedAsync(ITokenStore store, List<string> ids, CancellationToken cancellationToken)
    {
        var revoked = 0;
        foreach (var id in ids)
            if ((await store.TryGetAsync(id, cancellationToken))?.State == TokenStates.Revoked) revoked++;
        return revoked;
    }
}
