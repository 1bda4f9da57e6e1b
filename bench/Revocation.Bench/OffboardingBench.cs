using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;
using Revocation.Secrets;
using Revocation.Testing;

namespace Revocation.Bench;

/// <summary>
/// Issue 5: time from an <c>identity.offboarded</c> event to the last of a person's tokens confirmed revoked at a
/// real RFC 7009 server, against calling that server directly for as many tokens.
/// </summary>
internal static class OffboardingBench
{
    private const string SecretVariable = "BENCH_OAUTH_SECRET";
    private const string Person = "leaver@bench";
    private const int DirectConcurrency = QueueDriver.BatchSize;
    private const double TargetRatio = 2.0;

    public static async Task<int> RunAsync(int tokens, int providerLatencyMs, CancellationToken cancellationToken)
    {
        var latency = TimeSpan.FromMilliseconds(providerLatencyMs);
        Environment.SetEnvironmentVariable(SecretVariable, "broker-secret");
        using var operations = new OperationBreakdown();
        await using var azurite = await BenchAzurite.StartAsync(cancellationToken);
        await using var oauth = await OAuthServerFixture.StartAsync(cancellationToken);
        var policyFile = Events.WritePolicy(oauth.RevocationEndpoint.ToString(), "broker", "env:" + SecretVariable, "P90D", "revoke", Math.Max(tokens, 1));
        var keyFile = Path.Combine(Path.GetTempPath(), $"revocation-bench-{Guid.NewGuid():N}.key");
        try
        {
            using var host = await BenchHost.CreateAsync(azurite.ConnectionString, policyFile, keyFile, cancellationToken, latency);
            var store = host.Get<ITokenStore>();
            var intake = host.Get<IntakeService>();

            // Setup: real tokens, their values in the local secret store, issued to the person through the intake.
            var values = await FreshTokensAsync(oauth, tokens, cancellationToken);
            var secrets = host.Get<LocalSecretStore>();
            var tokenEvents = host.Clients.Queues.GetQueueClient(QueueNames.TokenEvents);
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < tokens; i++)
            {
                var secretRef = await secrets.PutAsync(values[i], cancellationToken);
                await tokenEvents.SendMessageAsync(
                    Events.Issued($"off-iss-{i}", TokenId(i), Events.ClassName, Person, now, $$"""{"secretRef":"{{secretRef}}"}"""), cancellationToken);
            }
            await DrainIntakeAsync(tokenEvents, intake, tokens, cancellationToken);
            var active = 0;
            for (var i = 0; i < tokens; i++) if ((await store.TryGetAsync(TokenId(i), cancellationToken))?.IsActive == true) active++;
            Output.Line("offboarding.tokens", tokens, "tokens");
            Output.Line("offboarding.added_provider_latency", providerLatencyMs, "ms");
            Output.Line("offboarding.tokens_active_before", active, "tokens");

            // t0: the leaver event; the identity intake, then the revocations queue, until every token is revoked.
            host.Counter.Reset();
            operations.Reset();
            var identityEvents = host.Clients.Queues.GetQueueClient(QueueNames.IdentityEvents);
            var pipeline = Stopwatch.StartNew();
            await identityEvents.SendMessageAsync(Events.Offboarded("off-1", Person, DateTimeOffset.UtcNow), cancellationToken);
            var offboardingHandled = await DrainIntakeAsync(identityEvents, intake, 1, cancellationToken, pipeline);
            var revocations = host.Clients.Queues.GetQueueClient(QueueNames.Revocations);
            var worker = host.Get<RevocationMessageService>();
            var results = new Dictionary<string, int>(StringComparer.Ordinal);
            var gate = new Lock();
            // The leaver's handler revokes inline: what it confirmed is recorded by the time it returned. The rest
            // (passing failures) continues through the revocations queue, like the hosts do.
            var intakeRequests = (Tables: host.Counter.Tables.Count, Queues: host.Counter.Queues.Count);
            var intakeOperations = operations.Snapshot();
            var confirmed = await CountRevokedAsync(store, tokens, cancellationToken); // a check, not counted
            host.Counter.Reset();
            operations.Reset();
            var inline = confirmed;
            var lastConfirmedAt = offboardingHandled;
            var driver = new QueueDriver(revocations, async m =>
            {
                var result = await worker.HandleAsync(m.MessageId, m.Body.ToString(), cancellationToken);
                var name = result?.ToString() ?? "Invalid";
                lock (gate)
                {
                    results[name] = results.GetValueOrDefault(name) + 1;
                    // t1: the moment the provider's confirmation of the last token was recorded.
                    if (result == RevocationResult.Revoked && ++confirmed == tokens) lastConfirmedAt = pipeline.Elapsed;
                }
            });
            await driver.RunAsync(() => Task.FromResult(Volatile.Read(ref confirmed) >= tokens || pipeline.Elapsed > TimeSpan.FromMinutes(5)), cancellationToken);
            var drained = pipeline.Elapsed;
            pipeline.Stop();
            var pipelineRequests = (intakeRequests.Tables + host.Counter.Tables.Count, intakeRequests.Queues + host.Counter.Queues.Count);
            var pipelineOperations = intakeOperations.Concat(operations.Snapshot())
                .GroupBy(o => o.Key, StringComparer.Ordinal).Select(g => (Operation: g.Key, Count: g.Sum(o => o.Value)))
                .OrderByDescending(o => o.Count).ThenBy(o => o.Operation, StringComparer.Ordinal).ToList();
            // Checked in the store (not timed): every token is revoked.
            var revoked = await CountRevokedAsync(store, tokens, cancellationToken);
            var pipelineTime = confirmed >= tokens ? lastConfirmedAt : drained;

            Output.Seconds("offboarding.pipeline.identity_intake_time", offboardingHandled);
            Output.Line("offboarding.pipeline.revoked_inline", inline, "tokens");
            Output.Seconds("offboarding.pipeline.time", pipelineTime);
            Output.Seconds("offboarding.pipeline.time_until_queue_idle", drained);
            Output.Line("offboarding.pipeline.revoked", revoked, "tokens");
            foreach (var (result, count) in results.OrderBy(r => r.Key, StringComparer.Ordinal))
                Output.Line($"offboarding.pipeline.result.{result.ToLowerInvariant()}", count, "messages");
            Output.Line("offboarding.pipeline.failed_handlings", driver.Failed, "messages");
            if (driver.LastError is not null) Output.Note($"last revocation failure: {driver.LastError.GetType().Name}: {driver.LastError.Message}");
            Output.Line("offboarding.pipeline.table_requests", pipelineRequests.Item1, "requests");
            Output.Line("offboarding.pipeline.queue_requests", pipelineRequests.Item2, "requests");
            foreach (var (operation, count) in pipelineOperations) Output.Line($"offboarding.pipeline.operation.{operation}", count, "calls");

            // Direct RFC 7009 calls on fresh tokens, at the same concurrency and one after another.
            var concurrentTokens = await FreshTokensAsync(oauth, tokens, cancellationToken);
            var sequentialTokens = await FreshTokensAsync(oauth, tokens, cancellationToken);
            HttpMessageHandler handler = new SocketsHttpHandler { AllowAutoRedirect = false };
            if (latency > TimeSpan.Zero) handler = new LatencyHandler(latency) { InnerHandler = handler };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
            var concurrent = await DirectAsync(http, oauth, concurrentTokens, DirectConcurrency, cancellationToken);
            var sequential = await DirectAsync(http, oauth, sequentialTokens, 1, cancellationToken);
            Output.Seconds("offboarding.direct.concurrent16.time", concurrent.Elapsed);
            Output.Line("offboarding.direct.concurrent16.ok", concurrent.Ok, "calls");
            Output.Seconds("offboarding.direct.sequential.time", sequential.Elapsed);
            Output.Line("offboarding.direct.sequential.ok", sequential.Ok, "calls");
            var ratio = pipelineTime / concurrent.Elapsed;
            Output.Line("offboarding.ratio_pipeline_to_direct_concurrent16", Math.Round(ratio, 2), "");
            Output.Line("offboarding.ratio_pipeline_to_direct_sequential", Math.Round(pipelineTime / sequential.Elapsed, 2), "");
            Output.Text("offboarding.target", $"pipeline <= {TargetRatio}x direct (concurrent 16): {(ratio <= TargetRatio ? "met" : "NOT met")}");

            // The storage floor on the same Azurite: per token, one point read and one entity group transaction of
            // four entities (dedup marker, two ledger entries, state), as the inline path writes, nothing else.
            var floor = await StorageFloorAsync(azurite.ConnectionString, tokens, cancellationToken);
            Output.Seconds("offboarding.floor.read_and_transaction_per_token.time", floor);
            Output.Line("offboarding.ratio_floor_to_direct_concurrent16", Math.Round(floor / concurrent.Elapsed, 2), "");

            // At the server: every token the pipeline revoked is inactive.
            var inactive = 0;
            foreach (var value in values) if (!await oauth.IsActiveAsync(value)) inactive++;
            Output.Line("offboarding.verified_inactive_at_server", inactive, "tokens");
            return revoked == tokens && inactive == tokens && concurrent.Ok == tokens && sequential.Ok == tokens ? 0 : 1;
        }
        finally
        {
            File.Delete(policyFile);
            File.Delete(keyFile);
        }
    }

    private static string TokenId(int i) => $"bench:off-{i:D4}";

    internal static async Task<string[]> FreshTokensAsync(OAuthServerFixture oauth, int count, CancellationToken cancellationToken)
    {
        var values = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, _) => values[i] = await oauth.GetClientCredentialsTokenAsync());
        return values;
    }

    /// <summary>Runs the intake on <paramref name="queue"/> until <paramref name="expected"/> messages are handled;
    /// returns <paramref name="clock"/>'s reading when the last handler returned.</summary>
    private static async Task<TimeSpan> DrainIntakeAsync(
        QueueClient queue, IntakeService intake, int expected, CancellationToken cancellationToken, Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        var lastHandledAt = TimeSpan.Zero;
        var driver = new QueueDriver(queue, async m =>
        {
            var result = await intake.HandleAsync(new IntakeMessage(queue.Name, m.MessageId, m.Body.ToString(), m.DequeueCount), cancellationToken);
            if (result.Outcome is not (IntakeOutcome.Accepted or IntakeOutcome.Duplicate))
                throw new InvalidOperationException($"intake on {queue.Name}: {result.Outcome} {result.Reason}");
            lastHandledAt = clock.Elapsed;
        });
        await driver.RunAsync(() => Task.FromResult(driver.Handled >= expected), cancellationToken);
        return lastHandledAt;
    }

    private static async Task<int> CountRevokedAsync(ITokenStore store, int tokens, CancellationToken cancellationToken)
    {
        var revoked = 0;
        for (var i = 0; i < tokens; i++)
            if ((await store.TryGetAsync(TokenId(i), cancellationToken))?.State == TokenStates.Revoked) revoked++;
        return revoked;
    }

    internal static async Task<TimeSpan> StorageFloorAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(connectionString).GetTableClient($"floor{Guid.NewGuid():N}"[..20]);
        await table.CreateAsync(cancellationToken);
        var data = new string('x', 400);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), cancellationToken, async (i, ct) =>
            await table.AddEntityAsync(new TableEntity($"t{i:D7}", "state") { ["Data"] = data }, ct));
        var timer = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = DirectConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => await RecordFloorAsync(table, $"t{i:D7}", "state", "", data, state => state["Data"] = data + "y", ct));
        timer.Stop();
        await table.DeleteAsync(cancellationToken);
        return timer.Elapsed;
    }

    /// <summary>
    /// What recording one revocation costs at the least: a point read of the token's state row, then one transaction in
    /// its partition adding a marker and two entries (<paramref name="rowPrefix"/> + <c>dedup</c>, <c>e1</c>, <c>e2</c>)
    /// and replacing the state row (after <paramref name="change"/>) with its ETag.
    /// </summary>
    internal static async Task RecordFloorAsync(
        TableClient table, string partition, string stateRowKey, string rowPrefix, string data, Action<TableEntity>? change, CancellationToken cancellationToken)
    {
        var state = (await table.GetEntityAsync<TableEntity>(partition, stateRowKey, cancellationToken: cancellationToken)).Value;
        change?.Invoke(state);
        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity(partition, rowPrefix + "dedup")),
            new(TableTransactionActionType.Add, new TableEntity(partition, rowPrefix + "e1") { ["Data"] = data }),
            new(TableTransactionActionType.Add, new TableEntity(partition, rowPrefix + "e2") { ["Data"] = data }),
            new(TableTransactionActionType.UpdateReplace, state, state.ETag),
        ], cancellationToken);
    }

    internal static async Task<(TimeSpan Elapsed, int Ok)> DirectAsync(HttpClient http, OAuthServerFixture oauth, string[] values, int concurrency, CancellationToken cancellationToken)
    {
        var ok = 0;
        var auth = OAuthServerFixture.BasicAuth("broker", "broker-secret");
        var timer = Stopwatch.StartNew();
        await Parallel.ForEachAsync(values, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (value, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, oauth.RevocationEndpoint);
            request.Headers.Authorization = auth;
            request.Content = new FormUrlEncodedContent([new("token", value), new("token_type_hint", "access_token")]);
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode) Interlocked.Increment(ref ok);
        });
        timer.Stop();
        return (timer.Elapsed, ok);
    }
}
