using System.Text.Json;
using Azure.Storage.Queues;
using Revocation.Core.Events;
using Revocation.Testing;
using Xunit.Abstractions;

namespace Revocation.Cli.Tests;

/// <summary>
/// Shell discipline (issue 12): every command with --json writes only its result on stdout, so `revctl ... --json | jq`
/// always parses, even when a warning is written at the same time. The warning is forced twice over: --output table
/// disagrees with --json (revctl warns on stderr), and -v logs the pipeline's decisions on stderr.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class JsonOutputTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private static readonly string[] Forced = ["--json", "--output", "table", "-v"];

    [Fact]
    public async Task EveryJsonCommand_WarningForcedOnStderr_StdoutIsOneJsonDocument()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokenId = CliHarness.NewTokenId("json");
        var intake = new QueueClient(cli.Storage, QueueNames.TokenEvents, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await intake.CreateIfNotExistsAsync();
        // Logs a Warning while run handles it (an invalid message can never succeed).
        await intake.SendMessageAsync("this is not json");
        var poison = new QueueClient(cli.Storage, QueueNames.Poison(QueueNames.Revocations), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("{\"not\":\"a request\"}");

        string[][] commands =
        [
            ["publish", cli.WriteIssuedEvents(tokenId)],
            ["run", "--until-idle", "--host-json", CliHarness.HostJson],
            ["sweep", "--dry-run"],
            ["reconcile", "--dry-run"],
            ["tokens", "list"],
            ["tokens", "show", tokenId],
            ["ledger", "verify"],
            ["tokens", "list", "--top", "1"],
            ["report"],
            ["report", "--scan"],
            ["poison", "list"],
            ["poison", "replay", QueueNames.Revocations],
            ["poison", "purge", QueueNames.Revocations, "--before", "today"],
            ["revoke", tokenId, "--reason", "json test"],
        ];
        foreach (var args in commands)
        {
            var result = await cli.RunAsync([.. args, .. Forced]);
            output.WriteLine($"revctl {string.Join(' ', args)}: {result}");
            AssertOneDocument(args, result);
        }

        // The token was revoked above: check answers deny (exit 4), still one document.
        var check = await cli.RunAsync(["check", tokenId, "--holder", "spiffe://example/json-test", .. Forced]);
        AssertOneDocument(["check", tokenId], check, expectedExit: 4);

        CliResult secrets;
        using (new EnvironmentVariableScope("LocalSecrets__KeyFilePath", Path.Combine(Path.GetTempPath(), "revctl-key-" + Guid.NewGuid().ToString("N"), "k.key")))
            secrets = await CliTestSupport.RunWithStdinAsync("v4lue\n", ["secrets", "put", "--storage", cli.Storage, .. Forced]);
        AssertOneDocument(["secrets", "put"], secrets);

        // policy validate answers 0 on the harness's policy; doctor answers 1 here (a poison message is waiting), and its
        // result is still one JSON document on stdout.
        AssertOneDocument(["policy", "validate"], await cli.RunAsync(["policy", "validate", cli.PolicyFile, .. Forced]));
        var doctor = await cli.RunAsync(["doctor", .. Forced]);
        AssertOneDocument(["doctor"], doctor, expectedExit: 1);

        // ledger export is JSON Lines whatever --output says: every line parses on its own.
        var export = await cli.RunAsync(["ledger", "export", "--since", "yesterday", .. Forced]);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("warning", export.StdErr, StringComparison.Ordinal);
        var lines = export.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains(tokenId, StringComparison.Ordinal));
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
    }

    [Fact]
    public async Task TokensList_OutputJsonl_OneObjectPerLine()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var first = CliHarness.NewTokenId("jsonl");
        var second = CliHarness.NewTokenId("jsonl");
        await cli.IssueAsync(first, second);

        var list = await cli.RunAsync("tokens", "list", "--output", "jsonl");

        Assert.True(list.ExitCode == 0, list.ToString());
        var ids = list.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
            return doc.RootElement.GetProperty("tokenId").GetString();
        }).ToList();
        Assert.Contains(first, ids);
        Assert.Contains(second, ids);
    }

    [Fact]
    public async Task SweepDryRun_Json_ModeIsANameNotANumber()
    {
        using var cli = new CliHarness(azurite.ConnectionString);

        var sweep = await cli.RunAsync("sweep", "--dry-run", "--json");

        Assert.True(sweep.ExitCode == 0, sweep.ToString());
        using var doc = JsonDocument.Parse(sweep.StdOut);
        Assert.Equal("DryRun", doc.RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task TokensShow_Json_HistoryDataIsAnObject()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokenId = CliHarness.NewTokenId("data");
        await cli.IssueAsync(tokenId);

        var show = await cli.RunAsync("tokens", "show", tokenId, "--json");

        Assert.True(show.ExitCode == 0, show.ToString());
        using var doc = JsonDocument.Parse(show.StdOut);
        var data = Assert.Single(doc.RootElement.GetProperty("history").EnumerateArray()).GetProperty("data");
        Assert.Equal(JsonValueKind.Object, data.ValueKind);
    }

    private static void AssertOneDocument(string[] args, CliResult result, int expectedExit = 0)
    {
        var command = string.Join(' ', args.Take(2));
        Assert.True(result.ExitCode == expectedExit, $"{command}: {result}");
        Assert.True(result.StdErr.Contains("revctl: warning: --json and --output table disagree", StringComparison.Ordinal), $"{command}: no warning on stderr\n{result}");
        try
        {
            using var doc = JsonDocument.Parse(result.StdOut);
            Assert.True(doc.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array, $"{command}: {result.StdOut}");
        }
        catch (JsonException e)
        {
            Assert.Fail($"{command}: stdout is not one JSON document ({e.Message})\n{result}");
        }
    }
}
