using System.Text.Json;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class TokensCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task PublishRunList_TwoIssuedEvents_BothTokensActiveWithHistory()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var first = CliHarness.NewTokenId("a");
        var second = CliHarness.NewTokenId("b");

        var publish = await cli.RunAsync("publish", cli.WriteIssuedEvents(first, second));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Equal(2, publish.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("token.issued", StringComparison.Ordinal)));

        var run = await cli.RunAsync("run", "--until-idle", "--host-json", CliHarness.HostJson);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.False(string.IsNullOrWhiteSpace(run.StdOut), run.ToString());

        var list = await cli.RunAsync("tokens", "list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        using (var doc = JsonDocument.Parse(list.StdOut))
        {
            var tokens = doc.RootElement.EnumerateArray().ToDictionary(t => t.GetProperty("tokenId").GetString()!, t => t.GetProperty("state").GetString());
            Assert.Equal("active", tokens[first]);
            Assert.Equal("active", tokens[second]);
        }

        var show = await cli.RunAsync("tokens", "show", first, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        using var detail = JsonDocument.Parse(show.StdOut);
        var root = detail.RootElement;
        Assert.Equal(first, root.GetProperty("tokenId").GetString());
        Assert.Equal(CliHarness.ClassName, root.GetProperty("class").GetString());
        Assert.Equal(CliHarness.Owner, root.GetProperty("owner").GetString());
        Assert.True(root.TryGetProperty("holder", out _));
        Assert.Equal("active", root.GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, root.GetProperty("issuedAt").ValueKind);
        Assert.True(root.TryGetProperty("expiresAt", out _));
        Assert.True(root.TryGetProperty("lastUsedAt", out _));
        var entry = Assert.Single(root.GetProperty("history").EnumerateArray());
        Assert.Equal("token.issued", entry.GetProperty("type").GetString());
        Assert.NotEqual(JsonValueKind.Null, entry.GetProperty("occurredAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, entry.GetProperty("recordedAt").ValueKind);
        Assert.Equal("accepted", entry.GetProperty("decision").GetString());
        Assert.True(entry.TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task TokensShow_UnknownId_ExitsTwoNamingTheId()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var unknown = CliHarness.NewTokenId("unknown");

        var show = await cli.RunAsync("tokens", "show", unknown);

        Assert.True(show.ExitCode == 2, show.ToString());
        Assert.Contains(unknown, show.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensList_OwnerInAnotherCase_ListsThatPersonsTokens()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokenId = CliHarness.NewTokenId("owner-case");
        await cli.IssueAsync(tokenId);

        var list = await cli.RunAsync("tokens", "list", "--owner", CliHarness.Owner.ToUpperInvariant(), "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        using var doc = JsonDocument.Parse(list.StdOut);
        var row = Assert.Single(doc.RootElement.EnumerateArray(), t => t.GetProperty("tokenId").GetString() == tokenId);
        Assert.Equal(CliHarness.Owner, row.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task TokensList_ClassNobodyHas_WarnsWithTheCloseClassAndListsNothing()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        await cli.IssueAsync(CliHarness.NewTokenId("class-typo"));

        var list = await cli.RunAsync("tokens", "list", "--class", "cii", "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal("[]", list.StdOut.Trim());
        Assert.Equal("revctl: warning: no class 'cii' in the policy or on any token (did you mean 'ci'?)", list.StdErr.Trim());
    }

    [Fact]
    public async Task TokensList_TopAndContinue_PagesEveryTokenExactlyOnce()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var ids = Enumerable.Range(0, 5).Select(i => CliHarness.NewTokenId($"page{i}")).ToArray();
        await cli.IssueAsync(ids);

        var seen = new List<string>();
        var args = new List<string> { "tokens", "list", "--top", "2", "--json" };
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 100, "continuations must end");
            var list = await cli.RunAsync([.. args]);
            Assert.True(list.ExitCode == 0, list.ToString());
            using var doc = JsonDocument.Parse(list.StdOut);
            Assert.InRange(doc.RootElement.GetArrayLength(), 0, 2);
            seen.AddRange(doc.RootElement.EnumerateArray().Select(t => t.GetProperty("tokenId").GetString()!));
            var more = list.StdErr.Split('\n').FirstOrDefault(l => l.StartsWith("revctl: more tokens: add --continue ", StringComparison.Ordinal));
            if (more is null) break;
            args = ["tokens", "list", "--top", "2", "--json", "--continue", more["revctl: more tokens: add --continue ".Length..].Trim()];
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(ids, id => Assert.Contains(id, seen));
    }

    [Theory]
    [InlineData("--top", "0", "--top must be between 1 and 1000")]
    [InlineData("--continue", "not-a-token!", "--continue")]
    public async Task TokensList_BadPagingOption_ExitsTwoNamingIt(string option, string value, string message)
    {
        using var cli = new CliHarness(azurite.ConnectionString);

        var list = await cli.RunAsync("tokens", "list", option, value);

        Assert.True(list.ExitCode == 2, list.ToString());
        Assert.Contains(message, list.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_AggregatesScanAndRebuild_PrintTheSameReport()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        await cli.IssueAsync(CliHarness.NewTokenId("report-a"), CliHarness.NewTokenId("report-b"));

        var aggregated = await cli.RunAsync("report", "--format", "json");
        var scanned = await cli.RunAsync("report", "--format", "json", "--scan");
        var rebuilt = await cli.RunAsync("report", "--format", "json", "--rebuild");
        var after = await cli.RunAsync("report", "--format", "json");

        Assert.True(aggregated.ExitCode == 0, aggregated.ToString());
        Assert.True(scanned.ExitCode == 0 && rebuilt.ExitCode == 0 && after.ExitCode == 0, scanned + "\n" + rebuilt + "\n" + after);
        // The posture is the same whichever way it was counted; a scan adds the controls and findings that name tokens.
        Assert.Equal(Posture(scanned.StdOut), WithoutTime(aggregated.StdOut));
        Assert.Equal(Posture(scanned.StdOut), Posture(rebuilt.StdOut));
        Assert.Equal(Posture(scanned.StdOut), WithoutTime(after.StdOut));
        using var doc = JsonDocument.Parse(aggregated.StdOut);
        Assert.True(doc.RootElement.GetProperty("byClass").EnumerateArray().Sum(r => r.GetProperty("active").GetInt32()) >= 2, aggregated.StdOut);
    }

    /// <summary>A report's JSON without its controls and findings, compared without its time.</summary>
    private static string Posture(string json)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(root.Remove("controls") && root.Remove("findings"), json);
        return WithoutTime(root.ToJsonString(Output.JsonOptions) + "\n");
    }

    private static string WithoutTime(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove("at");
        return node.ToJsonString();
    }
}
