using System.Text.Json;
using Azure.Storage.Queues;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class PoisonReplayTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task PoisonReplay_TwoIssuedEventsOnPoisonQueue_RequeuedAndRecorded()
    {
        using var cli = new CliHarness(azurite.ConnectionString);

        var first = CliHarness.NewTokenId("poison");
        var second = CliHarness.NewTokenId("poison");
        var poison = new QueueClient(azurite.ConnectionString, "token-events-poison",
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await poison.CreateIfNotExistsAsync();
        var eventIds = new List<string>();
        using (var events = JsonDocument.Parse(File.ReadAllText(cli.WriteIssuedEvents(first, second))))
        {
            foreach (var e in events.RootElement.EnumerateArray())
            {
                eventIds.Add(e.GetProperty("id").GetString()!);
                await poison.SendMessageAsync(e.GetRawText());
            }
        }

        var list = await cli.RunAsync("poison", "list", "token-events", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        using (var doc = JsonDocument.Parse(list.StdOut))
        {
            var rows = doc.RootElement.EnumerateArray().ToList();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r =>
            {
                Assert.Equal("token-events", r.GetProperty("queue").GetString());
                Assert.Equal("poison", r.GetProperty("kind").GetString());
                Assert.Equal("token.issued", r.GetProperty("type").GetString());
                Assert.Equal("urn:test:cli", r.GetProperty("source").GetString());
            });
            Assert.Equal(eventIds.Order(StringComparer.Ordinal), rows.Select(r => r.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        }

        var replay = await cli.RunAsync("poison", "replay", "token-events", "--json");

        Assert.True(replay.ExitCode == 0, replay.ToString());
        using (var doc = JsonDocument.Parse(replay.StdOut))
        {
            var root = doc.RootElement;
            Assert.Equal(["queue", "replayed", "skipped"], CliTestSupport.PropertyNames(root));
            Assert.Empty(root.GetProperty("skipped").EnumerateArray());
            Assert.Equal("token-events", root.GetProperty("queue").GetString());
            Assert.Equal(2, root.GetProperty("replayed").GetInt32());
        }

        Assert.Equal(0, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var empty = await cli.RunAsync("poison", "list", "token-events", "--json");
        Assert.True(empty.ExitCode == 0 && empty.StdOut.Trim() == "[]", empty.ToString());

        var run = await cli.RunAsync("run", "--until-idle", "--host-json", CliHarness.HostJson);
        Assert.True(run.ExitCode == 0, run.ToString());
        var tokens = await cli.RunAsync("tokens", "list", "--json");
        Assert.True(tokens.ExitCode == 0, tokens.ToString());
        using (var doc = JsonDocument.Parse(tokens.StdOut))
        {
            var states = doc.RootElement.EnumerateArray().ToDictionary(t => t.GetProperty("tokenId").GetString()!, t => t.GetProperty("state").GetString());
            Assert.Equal("active", states[first]);
            Assert.Equal("active", states[second]);
        }
    }

    [Fact]
    public async Task PoisonReplay_EmptyPoisonQueue_ReplaysNothing()
    {
        using var cli = new CliHarness(azurite.ConnectionString);

        var replay = await cli.RunAsync("poison", "replay", "revocations");

        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Equal("re-queued 0 messages from revocations-poison to revocations\n", replay.StdOut);
    }

    [Fact]
    public async Task PoisonReplay_UnknownQueue_ExitsTwoNamingIt()
    {
        using var cli = new CliHarness(azurite.ConnectionString);

        var replay = await cli.RunAsync("poison", "replay", "bogus-queue");

        Assert.True(replay.ExitCode == 2, replay.ToString());
        Assert.Equal("", replay.StdOut);
        var line = Assert.Single(replay.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("revctl: ", line, StringComparison.Ordinal);
        Assert.Contains("bogus-queue", line, StringComparison.Ordinal);
    }
}
