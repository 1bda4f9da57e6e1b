using System.Text.Json;
using Revocation.Storage;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>An estate from before the slice index (its table absent): incidents find nothing until <c>index rebuild</c>.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class IndexCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task IndexRebuild_AfterTheSliceIndexWasLost_AnIncidentFindsTheTokensAgain()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokens = new[] { CliHarness.NewTokenId("reindex"), CliHarness.NewTokenId("reindex"), CliHarness.NewTokenId("reindex") };
        await cli.IssueAsync(tokens);
        await new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString).DeleteTableAsync(TableNames.SliceIndex);

        var before = await cli.RunAsync("revoke", "--source", "urn:test:cli", "--reason", "x", "--dry-run", "--json");
        Assert.True(before.ExitCode == 0, before.ToString());
        using (var doc = JsonDocument.Parse(before.StdOut)) Assert.Equal(0, doc.RootElement.GetProperty("matched").GetInt32());

        var rebuild = await cli.RunAsync("index", "rebuild", "--json");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        using (var doc = JsonDocument.Parse(rebuild.StdOut)) Assert.Equal(3, doc.RootElement.GetProperty("tokens").GetInt32());

        var after = await cli.RunAsync("revoke", "--source", "urn:test:cli", "--reason", "x", "--dry-run", "--json");
        using (var doc = JsonDocument.Parse(after.StdOut))
            Assert.Equal(tokens.Order(StringComparer.Ordinal), doc.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("tokenId").GetString()));
    }
}
