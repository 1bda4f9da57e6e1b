using System.Diagnostics;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Core.Discovery;
using Revocation.Providers.Graph;
using Revocation.Storage;

namespace Revocation.Bench;

/// <summary>
/// Issue 13: what reconciliation with a Graph inventory of <c>credentials</c> costs when <c>changes</c> of them change.
/// The real <see cref="GraphCredentialInventory"/> lists a loopback <see cref="GraphStandIn"/> (applications with
/// <c>secretsPerApp</c> password credentials each; <c>latency</c> per page, the per-application federated credential
/// requests included). Run 1 seeds (all discovered), run 2 reruns unchanged, run 3 follows the changes. Each run is a
/// fresh host (as a timer fires it), storage counted per request and per entity written.
/// </summary>
internal static class ReconcileBench
{
    private const string Provider = "entra";
    private const int TargetPagesPer1000 = 3;

    public static async Task<int> RunAsync(int credentials, int changes, int latencyMs, int secretsPerApp, CancellationToken cancellationToken)
    {
        var appCount = (credentials + secretsPerApp - 1) / secretsPerApp;
        if (changes > appCount) throw new ArgumentException("--changes must not exceed the number of applications");
        var now = DateTimeOffset.UtcNow;
        var apps = BuildDirectory(credentials, secretsPerApp, now);
        using var operations = new OperationBreakdown();
        await using var azurite = await BenchAzurite.StartAsync(cancellationToken);
        await using var graph = await GraphStandIn.StartAsync(apps, TimeSpan.FromMilliseconds(latencyMs), cancellationToken);
        var policyFile = WritePolicy(graph.BaseAddress);
        try
        {
            Output.Line("reconcile.inventory.credentials", credentials, "credentials");
            Output.Line("reconcile.inventory.applications", appCount, $"applications ({secretsPerApp} password credentials each)");
            Output.Line("reconcile.inventory.page_latency", latencyMs, "ms per Graph request");
            var ledger = new TableServiceClient(azurite.ConnectionString).GetTableClient(TableNames.Ledger);
            var writes = new TableWriteCounter();
            var run = new Runner(latencyMs, azurite.ConnectionString, policyFile, graph, writes, operations, ledger);

            var seed = await run.OnceAsync("reconcile.seed", cancellationToken);
            var ok = seed.Discovered.Count == credentials;
            var unchanged = await run.OnceAsync("reconcile.unchanged", cancellationToken);
            Output.Text("reconcile.unchanged.target", $"0 entities written: {(writes.EntitiesWritten == 0 ? "met" : "NOT met")}");
            ok &= unchanged.Discovered.Count == 0 && unchanged.Drift.Count == 0 && unchanged.Gone.Count == 0;

            var (added, removed, drifted) = Change(apps, changes, now);
            Output.Line("reconcile.changes.added", added, "credentials");
            Output.Line("reconcile.changes.removed", removed, "credentials");
            Output.Line("reconcile.changes.drifted", drifted, "credentials (owner or expiry changed)");
            var changed = await run.OnceAsync("reconcile.changed", cancellationToken);
            ok &= changed.Discovered.Count == added && changed.Gone.Count == removed && changed.Drift.Count == drifted;
            var requests = writes.WriteRequests;
            Output.Line("reconcile.changed.write_requests_per_change", Math.Round((double)requests / changes, 3), "requests");
            Output.Line("reconcile.changed.entities_written_per_change", Math.Round((double)writes.EntitiesWritten / changes, 3), "entities");
            Output.Text("reconcile.changed.floor", $"{changes} write requests (one transaction per changed credential)");
            Output.Text("reconcile.changed.target", $"writes proportional to the {changes} changes: " +
                $"{(changed.Discovered.Count + changed.Drift.Count + changed.Gone.Count == changes && writes.EntitiesWritten <= 10L * changes ? "met" : "NOT met")}" +
                $" ({requests} write requests, {writes.EntitiesWritten} entities)");
            var pagesPer1000 = (double)(graph.ApplicationPages + graph.PrincipalPages) / (credentials / 1000.0);
            Output.Line("reconcile.changed.provider_pages_per_1000_credentials", Math.Round(pagesPer1000, 3), "pages");
            Output.Line("reconcile.changed.provider_federated_requests_per_1000_credentials", Math.Round(graph.FederatedRequests / (credentials / 1000.0), 3), "requests");
            Output.Text("reconcile.changed.pages_target", $"at most {TargetPagesPer1000} collection pages per 1,000 credentials: {(pagesPer1000 <= TargetPagesPer1000 ? "met" : "NOT met")}" +
                $"; with the per-application federated requests: {Math.Round((graph.ApplicationPages + graph.PrincipalPages + graph.FederatedRequests) / (credentials / 1000.0), 1)} requests per 1,000");
            return ok ? 0 : 1;
        }
        finally
        {
            File.Delete(policyFile);
        }
    }

    /// <summary>Applications spread over 100 owners; each password credential started 30 days ago and runs a year (inside maxTtl).</summary>
    private static List<StandInApp> BuildDirectory(int credentials, int secretsPerApp, DateTimeOffset now)
    {
        var apps = new List<StandInApp>();
        var start = now.AddDays(-30);
        for (var n = 0; n < credentials; n++)
        {
            var i = n / secretsPerApp;
            if (n % secretsPerApp == 0)
                apps.Add(new StandInApp(Id(i, "a"), Id(i, "b"), $"app-{i:D5}", Id(i % 100, "c"), $"owner-{i % 100:D3}@bench.example"));
            apps[i].Secrets.Add(new StandInSecret(KeyId(i, n % secretsPerApp), $"secret-{n % secretsPerApp}", start, start.AddDays(365)));
        }
        return apps;
    }

    /// <summary>
    /// 40 % new secrets, 30 % removed, the rest drift: one application's owner changed (all its credentials) when the
    /// drift share holds two applications' worth, the others an expiry beyond maxTtl. Each change on its own application.
    /// </summary>
    private static (int Added, int Removed, int Drifted) Change(List<StandInApp> apps, int changes, DateTimeOffset now)
    {
        var added = changes * 40 / 100;
        var removed = changes * 30 / 100;
        var drifted = changes - added - removed;
        var spa = apps[0].Secrets.Count;
        var ownerChanged = drifted >= 2 * spa ? spa : 0;
        var next = 0;
        StandInApp Pick() => apps[(int)((long)next++ * 7919 % apps.Count)];
        lock (apps)
        {
            for (var k = 0; k < added; k++)
            {
                var app = Pick();
                app.Secrets.Add(new StandInSecret(KeyId(apps.IndexOf(app), 1000 + k), "secret-new", now.AddDays(-1), now.AddDays(180)));
            }
            for (var k = 0; k < removed; k++) Pick().Secrets.RemoveAt(0);
            if (ownerChanged > 0) Pick().Owner = "new-owner@bench.example";
            for (var k = 0; k < drifted - ownerChanged; k++)
            {
                var app = Pick();
                var s = app.Secrets[0];
                app.Secrets[0] = s with { End = s.Start.AddDays(730) };
            }
        }
        return (added, removed, drifted);
    }

    private static Guid Id(int i, string tag) => Guid.Parse($"{i:x8}-{tag}000-4000-8000-000000000000");

    private static Guid KeyId(int app, int secret) => Guid.Parse($"{app:x8}-{secret:x4}-4000-8000-00000000000d");

    private static string WritePolicy(string baseAddress)
    {
        var policy = new Dictionary<string, object>
        {
            ["providers"] = new Dictionary<string, object> { [Provider] = new Dictionary<string, object> { ["kind"] = "graph", ["baseAddress"] = baseAddress } },
            ["classes"] = new Dictionary<string, object>
            {
                ["entra-apps"] = new Dictionary<string, object>
                {
                    ["owner"] = "sec@bench.example", ["provider"] = Provider, ["maxTtl"] = "P400D", ["idleTimeout"] = "P365D", ["requireOwner"] = false,
                },
            },
            ["sweep"] = new Dictionary<string, object> { ["maxRevocationsPerRun"] = 1000, ["maxRevokedFraction"] = 1.0 },
            ["discovery"] = new Dictionary<string, object>
            {
                ["providers"] = new[] { Provider },
                ["rules"] = new[] { new Dictionary<string, object> { ["provider"] = Provider, ["container"] = "*", ["namePattern"] = "secret-*", ["class"] = "entra-apps" } },
                ["unmatched"] = new Dictionary<string, object> { ["action"] = "flag", ["classes"] = new Dictionary<string, object> { [Provider] = "entra-apps" } },
            },
        };
        var path = Path.Combine(Path.GetTempPath(), $"revocation-bench-{Guid.NewGuid():N}.policies.json");
        File.WriteAllText(path, JsonSerializer.Serialize(policy));
        return path;
    }

    /// <summary>One reconciliation run on a fresh host, with everything it cost printed under a label.</summary>
    private sealed class Runner(int latencyMs, string connectionString, string policyFile, GraphStandIn graph, TableWriteCounter writes, OperationBreakdown operations, TableClient ledger)
    {
        public async Task<ProviderReconcile> OnceAsync(string label, CancellationToken cancellationToken)
        {
            using var host = await BenchHost.CreateAsync(connectionString, policyFile, keyFile: null, cancellationToken,
                configureServices: s => s.AddKeyedSingleton<TokenCredential>(GraphRevocationProvider.CredentialKey, new FakeGraphCredential()),
                configureClients: writes.Attach);
            var (entriesBefore, _) = await CountLedgerAsync(cancellationToken);
            host.Counter.Reset();
            writes.Reset();
            graph.ResetCounts();
            operations.Reset();
            Output.Note($"{label}: reconciling");
            var timer = Stopwatch.StartNew();
            var report = await host.Get<ReconcileService>().RunAsync(null, dryRun: false, cancellationToken);
            await host.Get<TableActiveTokenCounter>().FlushAsync(cancellationToken);
            timer.Stop();
            var breakdown = operations.Snapshot();
            var (entriesAfter, states) = await CountLedgerAsync(cancellationToken);
            var p = report.Providers.Single();
            if (p.Skipped is not null || p.GuardTripped is not null) throw new InvalidOperationException($"{label}: {p.Skipped ?? p.GuardTripped}");
            Output.Line($"{label}.listed", p.Listed ?? 0, "credentials");
            Output.Line($"{label}.discovered", p.Discovered.Count, "tokens");
            Output.Line($"{label}.drift", p.Drift.Count, "findings");
            Output.Line($"{label}.gone", p.Gone.Count, "tokens");
            Output.Line($"{label}.zombies", p.Zombies.Count, "tokens");
            Output.Line($"{label}.provider.application_pages", graph.ApplicationPages, "requests");
            Output.Line($"{label}.provider.service_principal_pages", graph.PrincipalPages, "requests");
            Output.Line($"{label}.provider.federated_credential_requests", graph.FederatedRequests, "requests (one per application)");
            Output.Line($"{label}.table_requests", host.Counter.Tables.Count, "requests");
            Output.Line($"{label}.queue_requests", host.Counter.Queues.Count, "requests");
            Output.Line($"{label}.table_write_requests", writes.WriteRequests, "requests");
            Output.Line($"{label}.entities_written", writes.EntitiesWritten, "entities");
            Output.Line($"{label}.state_scan_reads", writes.ReadRequests(TableNames.Ledger, "query"), $"query pages (O(estate), issue 17; {states} state rows)");
            Output.Line($"{label}.point_reads", writes.ReadRequests(TableNames.Ledger, "point"), "requests");
            foreach (var (kind, count) in writes.Reads().Where(r => !r.Key.StartsWith(TableNames.Ledger + ".", StringComparison.Ordinal)))
                Output.Line($"{label}.reads.{kind}", count, "requests");
            Output.Line($"{label}.ledger_entries_added", entriesAfter - entriesBefore, "entries");
            Output.Seconds($"{label}.time", timer.Elapsed);
            // The adapter reads the collection pages one after another and the federated credentials FederatedReadConcurrency
            // applications at a time: that latency alone is a floor for the run's wall time.
            var federatedRounds = (graph.FederatedRequests + GraphCredentialInventory.FederatedReadConcurrency - 1) / GraphCredentialInventory.FederatedReadConcurrency;
            var latencyFloor = TimeSpan.FromMilliseconds(latencyMs * (graph.ApplicationPages + graph.PrincipalPages + federatedRounds));
            Output.Seconds($"{label}.provider_latency_floor", latencyFloor);
            Output.Seconds($"{label}.time_beyond_latency_floor", timer.Elapsed - latencyFloor);
            foreach (var (operation, count) in breakdown) Output.Line($"{label}.operation.{operation}", count, "calls");
            return p;
        }

        /// <summary>Ledger entries (numbered rows) and state rows, read without the counters.</summary>
        private async Task<(long Entries, long States)> CountLedgerAsync(CancellationToken cancellationToken)
        {
            long entries = 0, states = 0;
            await foreach (var row in ledger.QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: cancellationToken))
            {
                if (row.RowKey == "~state") states++;
                else if (row.RowKey.Length > 0 && char.IsAsciiDigit(row.RowKey[0])) entries++;
            }
            return (entries, states);
        }
    }
}
