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
}
