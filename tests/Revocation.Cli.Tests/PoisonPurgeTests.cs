using System.Text.Json;
using Azure.Storage.Queues;
using Revocation.Core.Events;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class PoisonPurgeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task ListReplayPurge_ValidAndInvalidPoisonMessages_KindsSkipReasonAndPurgeAfterConfirm()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var poison = new QueueClient(cli.Storage, QueueNames.Poison(QueueNames.TokenEvents), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await poison.CreateIfNotExistsAsync();
        var tokenId = CliHarness.NewTokenId("purge");
        using (var events = JsonDocument.Parse(File.ReadAllText(cli.WriteIssuedEvents(tokenId))))
            await poison.SendMessageAsync(events.RootElement[0].GetRawText());
        await poison.SendMessageAsync("{\"specversion\":\"1.0\"}");

        var list = await cli.RunAsync("poison", "list", QueueNames.TokenEvents, "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        using (var doc = JsonDocument.Parse(list.StdOut))
        {
            var kinds = doc.RootElement.EnumerateArray().Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("replayable").GetBoolean())).Order().ToList();
            Assert.Equal([("poison", true), ("poison-invalid", false)], kinds);
        }

        var replay = await cli.RunAsync("poison", "replay", QueueNames.TokenEvents);
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains("re-queued 1 messages", replay.StdOut, StringComparison.Ordinal);
        Assert.Matches("skipped .+: .+; it can never succeed", replay.StdOut);
        Assert.Equal(1, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        var dryRun = await cli.RunAsync("poison", "purge", QueueNames.TokenEvents, "--json");
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        using (var doc = JsonDocument.Parse(dryRun.StdOut))
        {
            Assert.False(doc.RootElement.GetProperty("deleted").GetBoolean());
            Assert.Equal(1, doc.RootElement.GetProperty("count").GetInt32());
        }
        Assert.Single((await poison.PeekMessagesAsync(32)).Value);

        var notOlder = await cli.RunAsync("poison", "purge", QueueNames.TokenEvents, "--before", "1d", "--confirm");
        Assert.True(notOlder.ExitCode == 0, notOlder.ToString());
        Assert.Contains("deleted 0 messages", notOlder.StdOut, StringComparison.Ordinal);
        Assert.Single((await poison.PeekMessagesAsync(32)).Value);

        var purge = await cli.RunAsync("poison", "purge", QueueNames.TokenEvents, "--confirm");
        Assert.True(purge.ExitCode == 0, purge.ToString());
        Assert.Contains("deleted 1 messages", purge.StdOut, StringComparison.Ordinal);
        Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
    }
}
