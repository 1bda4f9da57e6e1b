using Azure.Storage.Queues;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>Progress lines are for terminals: with stderr redirected, long commands write nothing extra there.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ProgressTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task LongCommands_StderrRedirected_WriteNoProgress()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var publish = await cli.RunAsync("publish", cli.WriteIssuedEvents(CliHarness.NewTokenId("progress"), CliHarness.NewTokenId("progress")));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        var poison = new QueueClient(azurite.ConnectionString, "token-events-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("not json");
        string[] common = ["--storage", cli.Storage, "--policies", cli.PolicyFile];

        var run = await RevctlProcess.RunAsync(Within, ["run", "--until-idle", "--host-json", CliHarness.HostJson, .. common]);
        var verify = await RevctlProcess.RunAsync(Within, ["ledger", "verify", .. common]);
        var replay = await RevctlProcess.RunAsync(Within, ["poison", "replay", "token-events", .. common]);
        var export = await RevctlProcess.RunAsync(Within, ["ledger", "export", .. common]);

        foreach (var result in new[] { run, verify, replay })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.True(result.StdErr.Length == 0, result.ToString());
        }

        Assert.True(export.ExitCode == 0, export.ToString());
        var entries = export.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Equal($"exported {entries} entries\n", export.StdErr);
        // "not json" can never succeed: replay leaves it in the poison queue and says why, on stdout.
        Assert.Contains("re-queued 0 messages", replay.StdOut, StringComparison.Ordinal);
        Assert.Contains("it can never succeed", replay.StdOut, StringComparison.Ordinal);
    }
}
