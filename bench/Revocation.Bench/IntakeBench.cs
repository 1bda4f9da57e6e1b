using System.Diagnostics;
using Azure.Data.Tables;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Storage;

namespace Revocation.Bench;

/// <summary>
/// Issue 3: storage requests per intake event and intake throughput, against Azurite's raw single-entity insert
/// rate at the same concurrency.
/// </summary>
internal static class IntakeBench
{
    private const int Concurrency = QueueDriver.BatchSize * QueueDriver.BatchesInFlight;
    private const double TargetRequestsPerEvent = 3.0;

    public static async Task<int> RunAsync(int events, CancellationToken cancellationToken)
    {
        using var operations = new OperationBreakdown();
        await using var azurite = await BenchAzurite.StartAsync(cancellationToken);
        var policyFile = Events.WritePolicy("http://127.0.0.1:9/revoke", "x", "env:X", "P90D", "revoke", 1000);
        try
        {
            using var host = await BenchHost.CreateAsync(azurite.ConnectionString, policyFile, keyFile: null, cancellationToken);
            var queue = host.Clients.Queues.GetQueueClient(QueueNames.TokenEvents);
            var now = DateTimeOffset.UtcNow;
            var publish = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, events), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (i, ct) => await queue.SendMessageAsync(
                    Events.Issued($"evt-{i}", $"bench:intake-{i:D6}", Events.ClassName, $"person-{i % 100}@bench", now, """{"handle":"h"}"""), ct));
            publish.Stop();
            Output.Line("intake.events", events, "events");
            Output.Seconds("intake.publish_time", publish.Elapsed);

            host.Counter.Reset();
            operations.Reset();
            var intake = host.Get<IntakeService>();
            var outcomes = new Dictionary<IntakeOutcome, int>();
            var gate = new Lock();
            var driver = new QueueDriver(queue, async m =>
            {
                var result = await intake.HandleAsync(new IntakeMessage(QueueNames.TokenEvents, m.MessageId, m.Body.ToString(), m.DequeueCount), cancellationToken);
                lock (gate) outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
            });
            var run = Stopwatch.StartNew();
            await driver.RunAsync(() => Task.FromResult(driver.Handled >= events), cancellationToken);
            await host.Get<TableActiveTokenCounter>().FlushAsync(cancellationToken);
            run.Stop();
            var breakdown = operations.Snapshot();

            var tableRequests = host.Counter.Tables.Count;
            var queueRequests = host.Counter.Queues.Count;
            var perEvent = (double)tableRequests / events;
            var eventsPerSecond = events / run.Elapsed.TotalSeconds;
            foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key)) Output.Line($"intake.outcome.{outcome.ToString().ToLowerInvariant()}", count, "events");
            Output.Line("intake.failed_handlings", driver.Failed, "messages");
            if (driver.LastError is not null) Output.Note($"last intake failure: {driver.LastError.GetType().Name}: {driver.LastError.Message}");
            Output.Seconds("intake.time", run.Elapsed);
            Output.Line("intake.throughput", Math.Round(eventsPerSecond, 1), "events/s");
            Output.Line("intake.table_requests", tableRequests, "requests");
            Output.Line("intake.table_requests_per_event", Math.Round(perEvent, 3), "requests/event");
            Output.Line("intake.host_queue_requests", queueRequests, "requests");
            Output.Line("intake.host_queue_receives", driver.Receives, "requests");
            Output.Line("intake.host_queue_deletes", driver.Deletes, "requests");
            Output.Line("intake.host_queue_requests_per_event", Math.Round((double)queueRequests / events, 3), "requests/event");
            Output.Line("intake.storage_requests_per_event", Math.Round((double)(tableRequests + queueRequests) / events, 3), "requests/event");

            foreach (var (operation, count) in breakdown)
                Output.Line($"intake.operation.{operation}", count, $"calls ({Math.Round((double)count / events, 3).ToString(System.Globalization.CultureInfo.InvariantCulture)}/event)");
            var raw = await RawInsertRateAsync(azurite.ConnectionString, events, cancellationToken);
            Output.Line("raw_insert.entities", events, "entities");
            Output.Line("raw_insert.throughput", Math.Round(raw, 1), "entities/s");
            Output.Line("intake.ratio_to_raw_insert", Math.Round(eventsPerSecond / raw, 3), "");
            Output.Text("intake.target", $"<= {TargetRequestsPerEvent} table requests/event: {(perEvent <= TargetRequestsPerEvent ? "met" : "NOT met")}");
            return driver.Handled == events ? 0 : 1;
        }
        finally
        {
            File.Delete(policyFile);
        }
    }

    /// <summary>N entities, one per partition, added with <see cref="TableClient.AddEntityAsync{T}"/> at the intake's concurrency.</summary>
    private static async Task<double> RawInsertRateAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("rawinsertbench");
        await table.CreateIfNotExistsAsync(cancellationToken);
        var timer = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, ct) => await table.AddEntityAsync(new TableEntity($"p{i:D7}", "r") { ["Value"] = i, ["Text"] = "raw insert" }, ct));
        timer.Stop();
        return count / timer.Elapsed.TotalSeconds;
    }
}
