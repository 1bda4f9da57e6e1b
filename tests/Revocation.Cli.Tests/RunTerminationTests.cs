using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Events;
using Revocation.Storage;
using Revocation.Testing;
using Xunit.Abstractions;

namespace Revocation.Cli.Tests;

/// <summary>Issue 7: SIGTERM at random moments during <c>revctl run</c> under load loses no message and duplicates no ledger entry.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunTerminationTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Tokens = 300;
    private const int Runs = 4;
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_SigtermAtRandomMoments_EveryEventRecordedExactlyOnce()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var expected = new Dictionary<string, HashSet<(string Source, string Id)>>(StringComparer.Ordinal);
        var publish = await cli.RunAsync("publish", cli.WriteFile("load.jsonl", LoadEvents(expected)));
        Assert.True(publish.ExitCode == 0, publish.ToString());

        // Seeded so a failure replays; REVCTL_SIGTERM_SEED tries other moments.
        var seed = int.TryParse(Environment.GetEnvironmentVariable("REVCTL_SIGTERM_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20261128;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        for (var run = 1; run <= Runs; run++)
        {
            using var revctl = RevctlProcess.Start("run", "--json", "--port", "0", "--storage", cli.Storage, "--policies", cli.PolicyFile,
                "--host-json", CliHarness.HostJson, "--schedule", "0 0 0 1 1 *");
            var after = TimeSpan.FromMilliseconds(random.Next(300, 3000));
            await Task.Delay(after);
            await revctl.TerminateAsync();
            var stopping = Stopwatch.StartNew();

            var result = await revctl.WaitAsync(ExitWithin);
            Assert.True(result is not null, $"run {run}: revctl did not exit within {ExitWithin} of SIGTERM");
            output.WriteLine($"run {run}: SIGTERM after {after.TotalMilliseconds} ms, exited {stopping.ElapsedMilliseconds} ms later, {result}");
            Assert.True(result.ExitCode == 0, $"run {run}: {result}");
            using var summary = JsonDocument.Parse(result.StdOut);
            Assert.True(summary.RootElement.TryGetProperty("processed", out _), result.StdOut);
        }

        var drain = await cli.RunAsync("run", "--until-idle", "--json", "--host-json", CliHarness.HostJson);
        Assert.True(drain.ExitCode == 0, drain.ToString());
        output.WriteLine($"final drain: {drain.StdOut}");

        await AssertEachEventRecordedOnceAsync(cli, expected);
        await AssertQueuesEmptyAsync(cli.Storage);
        var rejected = await cli.RunAsync("poison", "list", "--json");
        Assert.True(rejected.ExitCode == 0 && rejected.StdOut.Trim() == "[]", rejected.ToString());
        var verify = await cli.RunAsync("ledger", "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    /// <summary>token.issued for every token, then token.used for every token, as JSON Lines.</summary>
    private static string LoadEvents(Dictionary<string, HashSet<(string Source, string Id)>> expected)
    {
        const string source = "urn:test:sigterm";
        var issuedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        var ids = Enumerable.Range(0, Tokens).Select(i => CliHarness.NewTokenId($"sigterm{i}")).ToList();
        var lines = new List<string>();
        foreach (var (type, at) in new[] { (EventTypes.TokenIssued, issuedAt), (EventTypes.TokenUsed, issuedAt.AddMinutes(1)) })
        {
            foreach (var tokenId in ids)
            {
                var id = Guid.NewGuid().ToString();
                if (!expected.TryGetValue(tokenId, out var keys)) expected[tokenId] = keys = [];
                keys.Add((source, id));
                object data = type == EventTypes.TokenIssued
                    ? new { tokenId, @class = CliHarness.ClassName, owner = CliHarness.Owner, credential = new { handle = "h1" } }
                    : new { tokenId };
                lines.Add(JsonSerializer.Serialize(new
                {
                    specversion = "1.0", id, source, type, datacontenttype = "application/json", data,
                    time = at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                }));
            }
        }

        return string.Join('\n', lines) + "\n";
    }

    private static async Task AssertEachEventRecordedOnceAsync(CliHarness cli, Dictionary<string, HashSet<(string Source, string Id)>> expected)
    {
        using var services = CliServices.Build(new GlobalSettings(cli.Storage, cli.PolicyFile, Json: false, Verbose: false));
        var store = services.GetRequiredService<TableTokenStore>();
        var problems = new List<string>();
        foreach (var (tokenId, keys) in expected)
        {
            var recorded = new List<(string Source, string Id)>();
            await foreach (var e in store.ReadChainAsync(tokenId, CancellationToken.None))
                recorded.Add((e.EventSource ?? "-", e.EventId ?? "-"));
            var duplicates = recorded.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            var missing = keys.Except(recorded).ToList();
            var unexpected = recorded.Except(keys).ToList();
            if (duplicates.Count + missing.Count + unexpected.Count > 0)
                problems.Add($"{tokenId}: {recorded.Count} entries, duplicated [{string.Join(", ", duplicates)}], " +
                    $"missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {expected.Count} chains differ from what was published:\n" + string.Join('\n', problems.Take(20)));
    }

    private static async Task AssertQueuesEmptyAsync(string storage)
    {
        var queues = new QueueServiceClient(storage);
        foreach (var name in QueueNames.All.SelectMany(q => new[] { q, QueueNames.Poison(q) }))
        {
            var queue = queues.GetQueueClient(name);
            if (!await queue.ExistsAsync()) continue;
            var count = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
            Assert.True(count == 0, $"{name} still holds {count} messages");
        }
    }
}
