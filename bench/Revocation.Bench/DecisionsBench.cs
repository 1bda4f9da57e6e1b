using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Revocation.Core.Access;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Http;
using Revocation.Storage;

namespace Revocation.Bench;

/// <summary>
/// Issue 14: request-time decisions over HTTP (Kestrel on loopback serving <see cref="DecisionsEndpoint"/>, as revctl run
/// does) at 32 concurrent callers, for warm tokens (in the instance's cache) and cold ones (first decision: a storage read),
/// beside the peer measured in the same run: a bare Table point read of the same state row at the same concurrency.
/// Targets: warm p99 ≤ the bare read's p50; cold p99 ≤ 1.5 × the bare read's p99; storage requests per warm decision ≈ 0.
/// </summary>
internal static class DecisionsBench
{
    private const int Callers = 32;
    private const int Rounds = 10;
    private const string Holder = "spiffe://bench/agent";

    public static async Task<int> RunAsync(int tokens, int warmDecisions, CancellationToken cancellationToken)
    {
        await using var azurite = await BenchAzurite.StartAsync(cancellationToken);
        var policyFile = Events.WritePolicy("http://127.0.0.1:9/revoke", "x", "env:BENCH_UNUSED", "P1D", "revoke", 1000);
        try
        {
            using var host = await BenchHost.CreateAsync(azurite.ConnectionString, policyFile, null, cancellationToken,
                configureServices: s => s.AddRevocationApi());
            var intake = host.Get<IntakeService>();
            var now = DateTimeOffset.UtcNow;
            await Parallel.ForAsync(0, tokens, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
                await intake.HandleAsync(new IntakeMessage(QueueNames.TokenEvents, $"m{i}",
                    Events.Issued($"dec-iss-{i}", TokenId(i), Events.ClassName, "owner@bench", now, """{"handle":"h"}""", Holder), 1), ct));

            await using var app = LoopbackWebApplication.Create(0);
            app.MapRevocationApi([host.Get<DecisionsEndpoint>()]);
            await app.StartAsync(cancellationToken);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Callers }) { BaseAddress = new Uri(app.Urls.First()) };

            // Warm-up of both paths (connections, JIT, Azurite's own), then the three kinds in interleaved rounds so that
            // the machine's drift (2 cores, Azurite in Node beside us) weighs on each alike.
            var table = host.Clients.Tables.GetTableClient(TableNames.Ledger);
            Task BareReadAsync(int i, CancellationToken ct) => table.GetEntityAsync<TableEntity>(KeyEncoding.Chain(TokenId(i % tokens)), "~state", cancellationToken: ct);
            await MeasureAsync(0, tokens, BareReadAsync, [], cancellationToken);
            await MeasureAsync(0, Callers * 8, (i, ct) => DecideAsync(http, TokenId(i), ct), [], cancellationToken);
            host.Get<TokenRecordCache>().Clear();

            List<double> bare = [], cold = [], warm = [];
            TimeSpan bareTime = default, coldTime = default, warmTime = default;
            long coldRequests = 0, warmRequests = 0;
            var per = tokens / Rounds;
            for (var round = 0; round < Rounds; round++)
            {
                bareTime += await MeasureAsync(round * per, per, BareReadAsync, bare, cancellationToken);
                // Cold: each token's first decision, nothing of it cached (the warm-up's tokens were cleared): one read each.
                host.Counter.Reset();
                coldTime += await MeasureAsync(round * per, per, (i, ct) => DecideAsync(http, TokenId(i), ct), cold, cancellationToken);
                coldRequests += host.Counter.Tables.Count;
                // Warm: tokens decided before (this round's and earlier), all in the cache.
                host.Counter.Reset();
                warmTime += await MeasureAsync(0, warmDecisions / Rounds, (i, ct) => DecideAsync(http, TokenId(i % ((round + 1) * per)), ct), warm, cancellationToken);
                warmRequests += host.Counter.Tables.Count;
            }
            var bareL = Summarize(bare, bareTime);
            var coldL = Summarize(cold, coldTime);
            var warmL = Summarize(warm, warmTime);
            var coldCount = cold.Count;
            var warmCount = warm.Count;

            Output.Line("decisions.callers", Callers, "concurrent");
            Output.Line("decisions.tokens", tokens, "tokens");
            Report("bare_read", bareL);
            Report("cold", coldL);
            Report("warm", warmL);
            Output.Line("decisions.cold.storage_requests_per_decision", Math.Round((double)coldRequests / coldCount, 3), "requests");
            Output.Line("decisions.warm.storage_requests_per_decision", Math.Round((double)warmRequests / warmCount, 4), "requests");
            var warmOk = warmL.P99 <= bareL.P50;
            var coldOk = coldL.P99 <= 1.5 * bareL.P99;
            var storageOk = (double)warmRequests / warmCount < 0.01;
            Output.Text("decisions.target.warm_p99_le_bare_p50", warmOk ? "met" : "missed");
            Output.Text("decisions.target.cold_p99_le_1.5x_bare_p99", coldOk ? "met" : "missed");
            Output.Text("decisions.target.warm_storage_requests_about_0", storageOk ? "met" : "missed");
            return warmOk && coldOk && storageOk ? 0 : 1;
        }
        finally
        {
            File.Delete(policyFile);
        }
    }

    private static string TokenId(int i) => $"bench-dec:{i:D6}";

    private static async Task DecideAsync(HttpClient http, string tokenId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/decisions", new { tokenId, holder = Holder }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || !body.Contains("\"allow\"", StringComparison.Ordinal))
            throw new InvalidOperationException($"decision for {tokenId}: {(int)response.StatusCode} {body}");
    }

    /// <summary>Runs operations <paramref name="first"/> … first + count − 1 on <see cref="Callers"/> concurrent callers, adding latencies (ms) to <paramref name="samples"/>.</summary>
    private static async Task<TimeSpan> MeasureAsync(int first, int count, Func<int, CancellationToken, Task> operation, List<double> samples, CancellationToken cancellationToken)
    {
        var taken = new double[count];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(first + i, cancellationToken);
                taken[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }, cancellationToken)));
        samples.AddRange(taken);
        return total.Elapsed;
    }

    private static Latencies Summarize(List<double> samples, TimeSpan elapsed)
    {
        var sorted = samples.Order().ToArray();
        return new Latencies(sorted.Length / elapsed.TotalSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static void Report(string name, Latencies l)
    {
        Output.Line($"decisions.{name}.per_second", Math.Round(l.PerSecond), "ops/s");
        Output.Line($"decisions.{name}.p50", Math.Round(l.P50, 2), "ms");
        Output.Line($"decisions.{name}.p99", Math.Round(l.P99, 2), "ms");
    }

    private sealed record Latencies(double PerSecond, double P50, double P99);
}
