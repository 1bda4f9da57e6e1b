using System.Text.Json;
using Azure.Storage.Queues;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ReportCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Report_JsonAndHtml_RenderThePosture()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        await cli.IssueAsync(CliHarness.NewTokenId("report"));

        var json = await cli.RunAsync("report", "--format", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using (var doc = JsonDocument.Parse(json.StdOut))
        {
            Assert.True(doc.RootElement.TryGetProperty("byClass", out _), json.StdOut);
            // From the aggregates: no token was read, so nothing that names tokens.
            Assert.False(doc.RootElement.TryGetProperty("controls", out _), json.StdOut);
        }

        var scanned = await cli.RunAsync("report", "--scan", "--format", "json");
        Assert.True(scanned.ExitCode == 0, scanned.ToString());
        using (var doc = JsonDocument.Parse(scanned.StdOut))
        {
            Assert.True(doc.RootElement.TryGetProperty("controls", out _) && doc.RootElement.TryGetProperty("findings", out _), scanned.StdOut);
        }

        var markdown = await cli.RunAsync("report");
        Assert.Contains("revctl report --scan", markdown.StdOut, StringComparison.Ordinal);

        var html = await cli.RunAsync("report", "--format", "html");
        Assert.True(html.ExitCode == 0, html.ToString());
        Assert.StartsWith("<!doctype html>", html.StdOut, StringComparison.Ordinal);
        Assert.Contains("id=\"due-chart\"", html.StdOut, StringComparison.Ordinal);
    }
}

[Collection(ConsoleCollection.Name)]
public sealed class PoisonCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task PoisonList_MessageNotJson_ListedAsRejected()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var queue = new QueueClient(azurite.ConnectionString, "token-events",
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("not json");

        var run = await cli.RunAsync("run", "--until-idle", "--host-json", CliHarness.HostJson);
        Assert.True(run.ExitCode == 0, run.ToString());

        var list = await cli.RunAsync("poison", "list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        using var doc = JsonDocument.Parse(list.StdOut);
        Assert.Contains(doc.RootElement.EnumerateArray(), r =>
            r.GetProperty("queue").GetString() == "token-events"
            && r.GetProperty("kind").GetString() == "rejected"
            && r.GetProperty("reason").GetString()!.Contains("not JSON", StringComparison.Ordinal));
    }
}

[Collection(ConsoleCollection.Name)]
public sealed class SweepCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Sweep_DryRun_ExitsZeroChangingNothing()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        await cli.IssueAsync(CliHarness.NewTokenId("sweep"));

        var result = await cli.RunAsync("sweep", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("dry run", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_DryRunWithConfirm_ExitsTwo()
    {
        using var cli = new CliHarness(azurite.ConnectionString);

        var result = await cli.RunAsync("sweep", "--dry-run", "--confirm");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--confirm", result.StdErr, StringComparison.Ordinal);
    }
}
