using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class PublishErrorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Publish_OneValidOneMissingTokenId_ExitsTwoPublishingNothing()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var (file, validId, _) = WriteMixed(cli, events => Assert.True(events[1]!["data"]!.AsObject().Remove("tokenId")));

        var publish = await cli.RunAsync("publish", file);

        Assert.True(publish.ExitCode == 2, publish.ToString());
        Assert.Equal("", publish.StdOut);
        var lines = publish.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["revctl: event 2: $.data.tokenId is required", "revctl: nothing published: 1 of 2 events invalid (docs/events.md, schemas/events/)"], lines);
        Assert.False(await QueueHoldsAsync("token-events", validId), "the valid event of a refused file was sent");
    }

    [Fact]
    public async Task Publish_TimeWithoutOffset_IsRefusedByTheSchemaThoughTheParserReadsIt()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var (file, _, _) = WriteMixed(cli, events => events[0]!["time"] = "2026-11-28T10:00:00");

        var publish = await cli.RunAsync("publish", file, "--json");

        Assert.True(publish.ExitCode == 2, publish.ToString());
        Assert.Equal("", publish.StdOut);
        var first = publish.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        Assert.StartsWith("revctl: event 1: $.time: ", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_Json_ListsPublished()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var (file, firstId, secondId) = WriteMixed(cli, _ => { });

        var publish = await cli.RunAsync("publish", file, "--json");

        Assert.True(publish.ExitCode == 0, publish.ToString());
        using var doc = JsonDocument.Parse(publish.StdOut);
        var root = doc.RootElement;
        Assert.Equal(["failed", "published"], CliTestSupport.PropertyNames(root));
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        var published = root.GetProperty("published").EnumerateArray().ToList();
        Assert.Equal([firstId, secondId], published.Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(["id", "queue", "source", "type"], CliTestSupport.PropertyNames(published[0]));
        Assert.Equal("urn:test:cli", published[0].GetProperty("source").GetString());
        Assert.Equal("token.issued", published[0].GetProperty("type").GetString());
        Assert.Equal("token-events", published[0].GetProperty("queue").GetString());
    }

    [Fact]
    public async Task Publish_TheHelpExampleSamples_PublishesEveryEventToItsQueue()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var samples = Path.Combine(RepoRoot.Path, "samples", "demo", "events.jsonl");
        var expected = File.ReadLines(samples).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!).ToList();

        var publish = await cli.RunAsync("publish", samples);

        Assert.True(publish.ExitCode == 0, publish.ToString());
        var lines = publish.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Count, lines.Length);
        Assert.Equal(5, expected.Select(e => e["type"]!.GetValue<string>()).Distinct().Count());
        Assert.Contains("sample-hr-1\tidentity.offboarded\tidentity-events", lines);
        Assert.True(await QueueHoldsAsync("identity-events", "sample-hr-1"));
    }

    [Fact]
    public async Task Publish_MissingFile_ExitsTwoNamingThePath()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var missing = Path.Combine(Path.GetTempPath(), "revctl-missing-" + Guid.NewGuid().ToString("N") + ".json");

        var publish = await cli.RunAsync("publish", missing);

        Assert.True(publish.ExitCode == 2, publish.ToString());
        Assert.Equal("", publish.StdOut);
        var line = Assert.Single(publish.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("revctl: ", line, StringComparison.Ordinal);
        Assert.Contains(missing, line, StringComparison.Ordinal);
    }

    /// <summary>An array of two valid token.issued events, changed by <paramref name="change"/>.</summary>
    private static (string File, string FirstId, string SecondId) WriteMixed(CliHarness cli, Action<JsonArray> change)
    {
        var events = JsonNode.Parse(File.ReadAllText(cli.WriteIssuedEvents(CliHarness.NewTokenId("first"), CliHarness.NewTokenId("second"))))!.AsArray();
        var ids = (events[0]!["id"]!.GetValue<string>(), events[1]!["id"]!.GetValue<string>());
        change(events);
        return (cli.WriteFile("mixed.json", events.ToJsonString()), ids.Item1, ids.Item2);
    }

    /// <summary>Whether a message of <paramref name="queueName"/> mentions <paramref name="text"/> (publish sends the event as written).</summary>
    private async Task<bool> QueueHoldsAsync(string queueName, string text)
    {
        var queue = new QueueClient(azurite.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        if (!await queue.ExistsAsync()) return false;
        var messages = await queue.PeekMessagesAsync(32);
        return messages.Value.Any(m => m.Body.ToString().Contains(text, StringComparison.Ordinal));
    }
}
