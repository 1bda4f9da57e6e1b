using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues;
using Revocation.Core.Events;
using Revocation.Testing;
using Xunit.Abstractions;

namespace Revocation.Cli.Tests;

/// <summary>Issue 11 (8): revctl run recovers from a crash within a lease and from a storage outage within seconds.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunRecoveryTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Tokens = 150;
    private static readonly TimeSpan RecoverWithin = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Messages in hand during an outage are retried while in hand; a batch whose receive answer was lost as storage
    /// went down comes back after its lease (10 s). Within seconds, not the 30 s visibility timeout or a long lease.
    /// </summary>
    private static readonly TimeSpan CatchUpAfterOutage = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Run_KilledWithMessagesInHand_NextRunFinishesThemWithinAMinute()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokenIds = await PublishAsync(cli, "crash");
        using (var revctl = StartHost(cli))
        {
            await WaitUntilMidStreamAsync(cli.Storage, revctl);
            revctl.Kill();
        }
        var left = await CountAsync(cli.Storage);
        output.WriteLine($"killed with {left} of {Tokens} messages not yet deleted");

        var stopwatch = Stopwatch.StartNew();
        var drain = await cli.RunAsync("run", "--until-idle", "--json", "--host-json", CliHarness.HostJson, "--timeout", "00:01:30");
        stopwatch.Stop();

        output.WriteLine($"second run finished in {stopwatch.Elapsed.TotalSeconds:F1} s: {drain.StdOut}");
        Assert.True(drain.ExitCode == 0, drain.ToString());
        Assert.True(stopwatch.Elapsed < RecoverWithin, $"the second run took {stopwatch.Elapsed}");
        Assert.Empty(await NotActiveAsync(cli, tokenIds));
        Assert.Equal(0, await CountAsync(cli.Storage));
    }

    [Fact]
    public async Task Run_StorageDownForFiveSeconds_EveryEventRecordedSoonAfterItReturns()
    {
        await using var storage = await PersistentAzurite.StartAsync();
        using var cli = new CliHarness(storage.ConnectionString);
        var tokenIds = await PublishAsync(cli, "outage");
        using var revctl = StartHost(cli);
        await WaitUntilMidStreamAsync(cli.Storage, revctl);

        await storage.StopAsync(kill: false);
        await Task.Delay(TimeSpan.FromSeconds(5)); // the outage under test
        Assert.True(await revctl.WaitAsync(TimeSpan.Zero) is null, "revctl run exited during the outage");
        await storage.RestartAsync();
        var stopwatch = Stopwatch.StartNew();
        IReadOnlyCollection<string> missing = tokenIds;
        while (stopwatch.Elapsed < CatchUpAfterOutage && (missing = await NotActiveAsync(cli, tokenIds)).Count > 0)
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        output.WriteLine($"every event recorded {stopwatch.Elapsed.TotalSeconds:F1} s after storage returned ({missing.Count} missing)");

        Assert.True(missing.Count == 0, $"{missing.Count} tokens not recorded {CatchUpAfterOutage} after storage returned");
        await revctl.TerminateAsync();
        var result = await revctl.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result is { ExitCode: 0 }, result?.ToString() ?? "revctl did not exit after SIGTERM");
        using var summary = JsonDocument.Parse(result!.StdOut);
        // The outage was seen and said on stderr: by a receive or an in-hand retry ("Storage unreachable"), or, when the
        // outage fell between receives, by a delete or a lease renewal that failed.
        string[] outageWarnings = ["Storage unreachable", "could not be settled", "not renewed"];
        Assert.True(outageWarnings.Any(w => result.StdErr.Contains(w, StringComparison.Ordinal)), result.StdErr);
    }

    private static RevctlProcess StartHost(CliHarness cli) =>
        RevctlProcess.Start("run", "--json", "--port", "0", "--storage", cli.Storage, "--policies", cli.PolicyFile,
            "--host-json", CliHarness.HostJson, "--schedule", "0 0 0 1 1 *");

    private static async Task<string[]> PublishAsync(CliHarness cli, string prefix)
    {
        var tokenIds = Enumerable.Range(0, Tokens).Select(i => CliHarness.NewTokenId($"{prefix}{i}")).ToArray();
        var publish = await cli.RunAsync("publish", cli.WriteIssuedEvents(tokenIds));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        return tokenIds;
    }

    /// <summary>Until the host has deleted some messages of token-events: it is then holding leased ones.</summary>
    private static async Task WaitUntilMidStreamAsync(string storage, RevctlProcess revctl)
    {
        var limit = Stopwatch.StartNew();
        while (await CountAsync(storage) >= Tokens)
        {
            Assert.True(limit.Elapsed < TimeSpan.FromSeconds(30), "the host received nothing within 30 s");
            Assert.True(await revctl.WaitAsync(TimeSpan.Zero) is null, "revctl exited before it started work");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    private static async Task<int> CountAsync(string storage) =>
        (await new QueueClient(storage, QueueNames.TokenEvents).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    // One page holds them all: --top above the test's token count (the default page is 100).
    private static async Task<IReadOnlyCollection<string>> NotActiveAsync(CliHarness cli, string[] tokenIds)
    {
        var list = await cli.RunAsync("tokens", "list", "--json", "--top", "1000");
        if (list.ExitCode != 0) return tokenIds;
        using var doc = JsonDocument.Parse(list.StdOut);
        var active = doc.RootElement.EnumerateArray()
            .Where(t => t.GetProperty("state").GetString() == "active")
            .Select(t => t.GetProperty("tokenId").GetString()).ToHashSet(StringComparer.Ordinal);
        return tokenIds.Where(id => !active.Contains(id)).ToList();
    }
}
