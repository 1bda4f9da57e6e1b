using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Revocation.Cli.Hosting;
using Revocation.Core.Events;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>Issue 11 (9): stdout carries the result only; logs go to stderr and the summary shows each error on one line.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunOutputTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan ExitWithin = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task RunUntilIdleJson_MessageLogsWarning_StdoutIsOneJsonDocument()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var queue = new QueueClient(cli.Storage, QueueNames.TokenEvents, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("this is not json");

        var run = await RevctlProcess.RunAsync(ExitWithin, "run", "--until-idle", "--json", "--storage", cli.Storage,
            "--policies", cli.PolicyFile, "--host-json", CliHarness.HostJson);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var summary = JsonDocument.Parse(run.StdOut);
        Assert.Equal(1, summary.RootElement.GetProperty("intake").GetProperty("Invalid").GetInt32());
        Assert.Contains("can never succeed", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_StorageErrorWithXmlBody_KeepsOneLineWithStatusAndCode()
    {
        var stats = new RunStats();
        var error = new RequestFailedException(409, "The specified queue is being deleted.\nRequestId:1\nStatus: 409\n\nContent:\n<?xml version=\"1.0\"?>\n<Error/>",
            "QueueBeingDeleted", null);

        stats.Failed(QueueNames.Revocations, error);

        var line = Assert.Single(stats.Errors);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.Equal("revocations: RequestFailedException: The specified queue is being deleted. (status 409, QueueBeingDeleted)", line);
    }
}
