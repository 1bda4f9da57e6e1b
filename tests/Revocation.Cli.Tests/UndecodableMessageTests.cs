using System.Text.Json;
using Azure.Storage.Queues;
using Revocation.Core.Events;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>Issue 11 (2): a message the queue client cannot decode is kept with its reason; it stops nothing.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class UndecodableMessageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int ValidEvents = 15;

    [Fact]
    public async Task RunUntilIdle_OneMessageNotBase64_ValidEventsRecordedAndRawOneRejectedWithReason()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokenIds = Enumerable.Range(0, ValidEvents).Select(i => CliHarness.NewTokenId($"undecodable{i}")).ToArray();
        var publish = await cli.RunAsync("publish", cli.WriteIssuedEvents(tokenIds));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        var raw = new QueueClient(cli.Storage, QueueNames.TokenEvents, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var sent = await raw.SendMessageAsync("{not base64 at all: <&>}");

        await AssertRejectedAfterRunAsync(cli, sent.Value.MessageId, "not base64", acceptedEvents: ValidEvents);
        foreach (var tokenId in tokenIds)
        {
            var show = await cli.RunAsync("tokens", "show", tokenId, "--json");
            Assert.True(show.ExitCode == 0, show.ToString());
            using var token = JsonDocument.Parse(show.StdOut);
            Assert.Equal("active", token.RootElement.GetProperty("state").GetString());
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d }, "not UTF-8")]
    [InlineData(new byte[] { 0x68, 0x65, 0x6c, 0x6c, 0x6f }, "JSON")]
    public async Task RunUntilIdle_Base64OfBytesThatAreNotUtf8Json_RejectedWithReason(byte[] payload, string reason)
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var raw = new QueueClient(cli.Storage, QueueNames.TokenEvents, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await raw.CreateIfNotExistsAsync();
        var sent = await raw.SendMessageAsync(Convert.ToBase64String(payload));

        await AssertRejectedAfterRunAsync(cli, sent.Value.MessageId, reason, acceptedEvents: 0);
    }

    private static async Task AssertRejectedAfterRunAsync(CliHarness cli, string messageId, string reason, int acceptedEvents)
    {
        var run = await cli.RunAsync("run", "--until-idle", "--json", "--host-json", CliHarness.HostJson, "--timeout", "00:01:00");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var summary = JsonDocument.Parse(run.StdOut);
        var intake = summary.RootElement.GetProperty("intake");
        Assert.Equal(acceptedEvents, intake.TryGetProperty("Accepted", out var a) ? a.GetInt32() : 0);
        Assert.True(summary.RootElement.GetProperty("poisoned").EnumerateObject().All(p => p.Value.GetInt32() == 0), run.StdOut);
        Assert.Equal(0, summary.RootElement.GetProperty("awaitingRetry").GetInt32());

        var list = await cli.RunAsync("poison", "list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        using var rows = JsonDocument.Parse(list.StdOut);
        // The class shares one storage account: other tests' rejections are listed too.
        var row = Assert.Single(rows.RootElement.EnumerateArray(), r => r.GetProperty("messageId").GetString() == messageId);
        Assert.Equal("rejected", row.GetProperty("kind").GetString());
        Assert.Contains(reason, row.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var queue = new QueueClient(cli.Storage, QueueNames.TokenEvents);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
