using System.Text.Json;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class RevokeCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Revoke_IssuedToken_QueuesManualRevocationThenRunEndsRevocationFailed()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokenId = CliHarness.NewTokenId("revoke");
        await cli.IssueAsync(tokenId);

        var revoke = await cli.RunAsync("revoke", tokenId, "--reason", "leak", "--json");

        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        using (var doc = JsonDocument.Parse(revoke.StdOut))
        {
            var root = doc.RootElement;
            Assert.Equal(["queued", "tokenId"], CliTestSupport.PropertyNames(root));
            Assert.Equal(tokenId, root.GetProperty("tokenId").GetString());
            Assert.True(root.GetProperty("queued").GetBoolean(), revoke.StdOut);
        }

        var pending = await cli.RunAsync("tokens", "show", tokenId, "--json");
        Assert.True(pending.ExitCode == 0, pending.ToString());
        using (var doc = JsonDocument.Parse(pending.StdOut))
        {
            var root = doc.RootElement;
            Assert.Equal("revocation-pending", root.GetProperty("state").GetString());
            var history = root.GetProperty("history").EnumerateArray().ToList();
            Assert.Equal(["token.issued", "revocation.requested"], history.Select(h => h.GetProperty("type").GetString()));
            var requested = history[1];
            // The operator's text is the entry's reason; who ran it (the OS account here) is in its data.
            Assert.Equal("leak", requested.GetProperty("reason").GetString());
            Assert.Equal("accepted", requested.GetProperty("decision").GetString());
            // data is the ledger's JSON text shown as an object, not a string.
            var data = requested.GetProperty("data");
            Assert.Equal("revctl", data.GetProperty("requestedBy").GetString());
            Assert.Equal($"os:{Environment.UserName}@{Environment.MachineName}", data.GetProperty("actor").GetString());
        }

        // The test policy's provider cannot revoke (its endpoint is a closed port, and the issued credential has no
        // secretRef, which the oauth2 adapter fails permanently); one attempt keeps the run bounded either way.
        CliResult run;
        using (new EnvironmentVariableScope("Revocation__Retry__MaxAttempts", "1"))
        {
            run = await cli.RunAsync("run", "--until-idle", "--host-json", CliHarness.HostJson);
        }

        // A revocation that ended revocation-failed fails the run (exit 1), and the summary says so and where to look.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("FAILED (exit 1):     1 revocations failed", run.StdOut, StringComparison.Ordinal);
        var failed = await cli.RunAsync("tokens", "show", tokenId, "--json");
        Assert.True(failed.ExitCode == 0, failed.ToString());
        using (var doc = JsonDocument.Parse(failed.StdOut))
        {
            var root = doc.RootElement;
            Assert.Equal("revocation-failed", root.GetProperty("state").GetString());
            var last = root.GetProperty("history").EnumerateArray().Last();
            Assert.Equal("revocation.failed", last.GetProperty("type").GetString());
            Assert.Equal("rejected", last.GetProperty("decision").GetString());
            Assert.Equal("leak", last.GetProperty("reason").GetString());
        }

        var list = await cli.RunAsync("tokens", "list", "--state", "revocation-failed", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        using (var doc = JsonDocument.Parse(list.StdOut))
        {
            var row = Assert.Single(doc.RootElement.EnumerateArray(), t => t.GetProperty("tokenId").GetString() == tokenId);
            // Only an active token is ever due.
            Assert.Equal(JsonValueKind.Null, row.GetProperty("nextDueAt").ValueKind);
        }

        var table = await cli.RunAsync("tokens", "list", "--state", "revocation-failed");
        var line = Assert.Single(table.StdOut.Split('\n'), l => l.StartsWith(tokenId, StringComparison.Ordinal));
        Assert.EndsWith("  -", line, StringComparison.Ordinal);

        // Break-glass may retry a failed revocation.
        var again = await cli.RunAsync("revoke", tokenId, "--reason", "retry", "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        using (var doc = JsonDocument.Parse(again.StdOut))
        {
            Assert.True(doc.RootElement.GetProperty("queued").GetBoolean(), again.StdOut);
        }

        // The retry is its own request entry with its own reason; the token keeps the reason it was first revoked for.
        var retried = await cli.RunAsync("tokens", "show", tokenId, "--json");
        using (var doc = JsonDocument.Parse(retried.StdOut))
        {
            var requests = doc.RootElement.GetProperty("history").EnumerateArray()
                .Where(h => h.GetProperty("type").GetString() == "revocation.requested").Select(h => h.GetProperty("reason").GetString());
            Assert.Equal(["leak", "retry"], requests);
            Assert.Equal(("revocation-pending", "leak"),
                (doc.RootElement.GetProperty("state").GetString(), doc.RootElement.GetProperty("revocationReason").GetString()));
        }
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("two\nlines", "control characters")]
    [InlineData("leaked eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefgh in CI", "token value")]
    public async Task Revoke_BadReason_ExitsTwoNamingTheProblem(string reason, string problem)
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokenId = CliHarness.NewTokenId("revoke-bad-reason");
        await cli.IssueAsync(tokenId);

        var revoke = await cli.RunAsync("revoke", tokenId, "--reason", reason.Replace("\\n", "\n", StringComparison.Ordinal));

        Assert.True(revoke.ExitCode == 2, revoke.ToString());
        Assert.Contains(problem, revoke.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_Text_SaysQueuedWithTheOperatorsReasonAndActor()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokenId = CliHarness.NewTokenId("revoke-text");
        await cli.IssueAsync(tokenId);

        var revoke = await cli.RunAsync("revoke", tokenId, "--reason", "leaked in CI log");

        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        Assert.Contains(tokenId, revoke.StdOut, StringComparison.Ordinal);
        Assert.Contains("revocation queued (reason \"leaked in CI log\", by os:", revoke.StdOut, StringComparison.Ordinal);
        Assert.Equal("", revoke.StdErr);
    }

    [Fact]
    public async Task Revoke_AlreadyPending_ReportsNotQueued()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokenId = CliHarness.NewTokenId("revoke-twice");
        await cli.IssueAsync(tokenId);
        var first = await cli.RunAsync("revoke", tokenId, "--reason", "a", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());

        var second = await cli.RunAsync("revoke", tokenId, "--reason", "b", "--json");

        Assert.True(second.ExitCode == 0, second.ToString());
        using (var doc = JsonDocument.Parse(second.StdOut))
        {
            Assert.Equal(tokenId, doc.RootElement.GetProperty("tokenId").GetString());
            Assert.False(doc.RootElement.GetProperty("queued").GetBoolean(), second.StdOut);
        }

        // The second request finds the token pending: nothing more is queued, and the text output says so.
        var queue = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, "revocations",
            new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 });
        var messages = (await queue.PeekMessagesAsync(32)).Value;
        Assert.Single(messages, m => m.Body.ToString().Contains(tokenId, StringComparison.Ordinal));
        var text = await cli.RunAsync("revoke", tokenId, "--reason", "c");
        Assert.Contains("not queued", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("revocation-pending", text.StdOut, StringComparison.Ordinal);

        var show = await cli.RunAsync("tokens", "show", tokenId, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        using (var doc = JsonDocument.Parse(show.StdOut))
        {
            Assert.Equal("revocation-pending", doc.RootElement.GetProperty("state").GetString());
            Assert.Single(doc.RootElement.GetProperty("history").EnumerateArray(), h => h.GetProperty("type").GetString() == "revocation.requested");
        }
    }

    [Fact]
    public async Task Revoke_UnknownId_ExitsTwoNamingTheId()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var unknown = CliHarness.NewTokenId("unknown");

        var revoke = await cli.RunAsync("revoke", unknown, "--reason", "x");

        Assert.True(revoke.ExitCode == 2, revoke.ToString());
        Assert.Equal("", revoke.StdOut);
        var line = Assert.Single(revoke.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("revctl: ", line, StringComparison.Ordinal);
        Assert.Contains(unknown, line, StringComparison.Ordinal);
    }
}
