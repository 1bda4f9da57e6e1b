using System.Text.Json;
using System.Text.Json.Nodes;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class PublishErrorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Publish_OneValidOneMissingTokenId_ExitsOnePublishingTheValidOne()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var (file, validId, invalidId) = WriteMixed(cli);

        var publish = await cli.RunAsync("publish", file);

        Assert.True(publish.ExitCode == 1, publish.ToString());
        var line = Assert.Single(publish.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"{validId}\ttoken.issued\ttoken-events", line);
        var error = Assert.Single(publish.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("revctl: not published: ", error, StringComparison.Ordinal);
        Assert.Contains("$.data.tokenId", error, StringComparison.Ordinal);
        Assert.DoesNotContain(invalidId, publish.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_Json_ListsPublishedAndCountsFailed()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var (file, validId, _) = WriteMixed(cli);

        var publish = await cli.RunAsync("publish", file, "--json");

        Assert.True(publish.ExitCode == 1, publish.ToString());
        Assert.Contains("$.data.tokenId", publish.StdErr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(publish.StdOut);
        var root = doc.RootElement;
        Assert.Equal(["failed", "published"], CliTestSupport.PropertyNames(root));
        Assert.Equal(1, root.GetProperty("failed").GetInt32());
        var published = Assert.Single(root.GetProperty("published").EnumerateArray());
        Assert.Equal(["id", "queue", "source", "type"], CliTestSupport.PropertyNames(published));
        Assert.Equal(validId, published.GetProperty("id").GetString());
        Assert.Equal("urn:test:cli", published.GetProperty("source").GetString());
        Assert.Equal("token.issued", published.GetProperty("type").GetString());
        Assert.Equal("token-events", published.GetProperty("queue").GetString());
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

    /// <summary>An array of two token.issued events, the second without data.tokenId.</summary>
    private static (string File, string ValidId, string InvalidId) WriteMixed(CliHarness cli)
    {
        var events = JsonNode.Parse(File.ReadAllText(cli.WriteIssuedEvents(CliHarness.NewTokenId("valid"), CliHarness.NewTokenId("invalid"))))!.AsArray();
        Assert.True(events[1]!["data"]!.AsObject().Remove("tokenId"));
        var file = cli.WriteFile("mixed.json", events.ToJsonString());
        return (file, events[0]!["id"]!.GetValue<string>(), events[1]!["id"]!.GetValue<string>());
    }
}
