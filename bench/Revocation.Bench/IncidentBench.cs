using System.Diagnostics;
using Revocation.Core.Events;
using Revocation.Core.Incidents;
using Revocation.Core.Intake;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;
using Revocation.Secrets;
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
    private const int SeedConcurrency = 64;
    private const double TargetRatio = 1.5;
    private const double TargetReadsPerToken = 1.2;

    public static async Task<int> RunAsync(int estate, int padding, int slice, int providerLatencyMs, CancellationToken cancellationToken)
    {
        if (slice > estate) throw new ArgumentException("--slice must not exceed --tokens");
        var latency = TimeSpan.FromMilliseconds(providerLatencyMs);
        Environment.SetEnvironmentVariable(SecretVariable, "broker-secret");
        using var operations = new OperationBreakdown();
        await using var azurite = await BenchAzurite.StartAsync(cancellationToken);
        await using var oauth = await OAuthServerFixture.StartAsync(cancellationToken);
        var policyFile = Events.WritePolicy(oauth.RevocationEndpoint.ToString(), "broker", "env:" + SecretVariable, "P90D", "revoke", slice);
        var keyFile = Path.Combine(Path.GetTempPath(), $"revocation-bench-{Guid.NewGuid():N}.key");
        try
        {
            using var host = await BenchHost.CreateAsync(azurite.ConnectionString, policyFile, keyFile, cancellationToken, latency);
            var values = await OffboardingBench.FreshTokensAsync(oauth, slice, cancellationToken);
            var seeding = Stopwatch.StartNew();
            await SeedAsync(host, estate, values, cancellationToken);
            await PadAsync(host, estate, padding, cancellationToken);
            seeding.Stop();
            Output.Line("incident.estate_tokens_seeded", estate, "tokens");
            Output.Line("incident.index_padding_tokens", padding, "tokens");
            Output.Line("incident.slice_tokens", slice, "tokens");
            Output.Line("incident.added_provider_latency", providerLatencyMs, "ms");
            Output.Seconds("incident.seed_time", seeding.Elapsed);

            var declaration = new IncidentDeclaration("bench-incident", new IncidentSelector { Source = Target }, "bench: partner breached", "bench", "revctl", DateTimeOffset.UtcNow);
            // The index read alone (the shard queries), then the dry run (what an operator runs first): find and check, nothing written.
            var indexTimer = Stopwatch.StartNew();
            var rows = 0;
            await foreach (var _ in host.Get<ISliceIndex>().ListTokensAsync(SliceDimensions.Source, Target, cancellationToken)) rows++;
            Output.Seconds("incident.find.index_read_time", indexTimer.Elapsed);
            Output.Line("incident.find.index_rows", rows, "entities");
            host.Counter.Reset();
            var dryTimer = Stopwatch.StartNew();
            var dry = await host.Get<IncidentService>().DeclareAsync(declaration, SweepMode.DryRun, null, cancellationToken);
            Output.Seconds("incident.dry_run.time", dryTimer.Elapsed);
            Output.Line("incident.dry_run.table_requests", host.Counter.Tables.Count, "requests");
            Output.Line("incident.dry_run.matched", dry.Items.Count, "tokens");

            // t0: revoke by source; t1: the last provider confirmation recorded (inline; the queue, if anything was left).
            host.Counter.Reset();
            operations.Reset();
            var timer = Stopwatch.StartNew();
            var report = await host.Get<IncidentService>().DeclareAsync(declaration, SweepMode.Normal, null, cancellationToken);
            var inline = timer.Elapsed;
            var tableRequests = host.Counter.Tables.Count;
            var breakdown = operations.Snapshot();
            var store = host.Get<ITokenStore>();
            var revoked = await CountRevokedAsync(store, slice, cancellationToken);
            var drained = await DrainAsync(host, store, slice, revoked, timer, cancellationToken);
            var pipelineTime = revoked == slice ? inline : drained;
            Output.Seconds("incident.pipeline.time", pipelineTime);
            foreach (var (outcome, count) in report.ByOutcome) Output.Line($"incident.pipeline.outcome.{outcome}", count, "tokens");
            Output.Line("incident.pipeline.revoked", await CountRevokedAsync(store, slice, cancellationToken), "tokens");
            Output.Line("incident.find.index_entities_read", report.HintsRead, "entities");
            Output.Line("incident.find.index_entities_read_per_token", Math.Round((double)report.HintsRead / slice, 3), "");
            Output.Line("incident.check.state_rows_read", report.TokensRead, "entities");
            Output.Line("incident.pipeline.table_requests", tableRequests, "requests");
            Output.Line("incident.pipeline.table_requests_per_token", Math.Round((double)tableRequests / slice, 2), "");
            foreach (var (operation, count) in breakdown.Where(b => b.Key.StartsWith("TableClient.", StringComparison.Ordinal)))
                Output.Line($"incident.pipeline.operations.{operation}", count, "calls");

            var fresh = await OffboardingBench.FreshTokensAsync(oauth, slice, cancellationToken);
            using var http = new HttpClient(latency > TimeSpan.Zero
                ? new LatencyHandler(latency) { InnerHandler = new SocketsHttpHandler() } : new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(30) };
            var concurrency = host.Get<Microsoft.Extensions.Options.IOptions<IncidentOptions>>().Value.MaxConcurrentTokens;
            var direct = await OffboardingBench.DirectAsync(http, oauth, fresh, concurrency, cancellationToken);
            Output.Seconds($"incident.direct.concurrent{concurrency}.time", direct.Elapsed);
            Output.Line($"incident.direct.concurrent{concurrency}.ok", direct.Ok, "calls");
            var ratio = pipelineTime / direct.Elapsed;
            var perToken = (double)report.HintsRead / slice;
            Output.Line("incident.ratio_pipeline_to_direct", Math.Round(ratio, 2), "");
            Output.Text("incident.target.time", $"pipeline <= {TargetRatio}x direct: {(ratio <= TargetRatio ? "met" : "NOT met")}");
            Output.Text("incident.target.reads", $"index entities read per token <= {TargetReadsPerToken}: {(perToken <= TargetReadsPerToken ? "met" : "NOT met")}");

            // The storage floor on the same Azurite: per token one point read and one four-entity transaction, 16 at a time.
            var floor = await OffboardingBench.StorageFloorAsync(azurite.ConnectionString, slice, cancellationToken);
            Output.Seconds("incident.floor.read_and_transaction_per_token.time", floor);
            Output.Line("incident.ratio_floor_to_direct", Math.Round(floor / direct.Elapsed, 2), "");

            var inactive = 0;
            foreach (var value in values) if (!await oauth.IsActiveAsync(value)) inactive++;
            Output.Line("incident.verified_inactive_at_server", inactive, "tokens");
            return inactive == slice && direct.Ok == slice ? 0 : 1;
        }
        finally
        {
            File.Delete(policyFile);
            File.Delete(keyFile);
        }
    }

    private static string TokenId(int i) => $"bench:inc-{i:D6}";

    /// <summary>
    /// The estate through the intake's own recorder (state row, ledger entry and every index, as an issuance writes them),
    /// <see cref="SeedConcurrency"/> at a time: the first <paramref name="values"/>.Length tokens are the breached partner's,
    /// with real values at the OAuth server; the rest belong to 99 other partners.
    /// </summary>
    private static async Task SeedAsync(BenchHost host, int estate, string[] values, CancellationToken cancellationToken)
    {
        var recorder = host.Get<TokenEventRecorder>();
        var secrets = host.Get<LocalSecretStore>();
        var now = DateTimeOffset.UtcNow.AddMinutes(-10);
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, estate), new ParallelOptions { MaxDegreeOfParallelism = SeedConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var inSlice = i < values.Length;
                var credential = inSlice ? new CredentialReference(null, await secrets.PutAsync(values[i], ct)) : new CredentialReference($"h{i}", null);
                var source = inSlice ? Target : $"urn:partner:other-{i % 99:D2}";
                var issued = new TokenIssued(new EventEnvelope($"seed-{i}", source, EventTypes.TokenIssued, now), TokenId(i), Events.ClassName,
                    $"owner-{i % 500}@bench", null, now, null, null, null, credential);
                var result = await recorder.ApplyAsync(issued, ct);
                // Duplicate: the SDK retried a transaction whose answer was lost, and the marker says it was recorded (idempotent).
                if (result.Outcome is not (IntakeOutcome.Accepted or IntakeOutcome.Duplicate)) throw new InvalidOperationException($"seed {i}: {result.Outcome} {result.Reason}");
                if (Interlocked.Increment(ref done) % 10_000 == 0) Output.Note($"seeded {done} of {estate}");
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
    private static async Task<TimeSpan> DrainAsync(BenchHost host, ITokenStore store, int slice, int revoked, Stopwatch timer, CancellationToken cancellationToken)
    {
        if (revoked == slice) return timer.Elapsed;
        var worker = host.Get<RevocationMessageService>();
        var driver = new QueueDriver(host.Clients.Queues.GetQueueClient(QueueNames.Revocations),
            async m => await worker.HandleAsync(m.MessageId, m.Body.ToString(), cancellationToken));
        await driver.RunAsync(async () => await CountRevokedAsync(store, slice, cancellationToken) >= slice || timer.Elapsed > TimeSpan.FromMinutes(5), cancellationToken);
        return timer.Elapsed;
    }

    private static async Task<int> CountRevokedAsync(ITokenStore store, int slice, CancellationToken cancellationToken)
    {
        var revoked = 0;
        for (var i = 0; i < slice; i++)
            if ((await store.TryGetAsync(TokenId(i), cancellationToken))?.State == TokenStates.Revoked) revoked++;
        return revoked;
    }
}
