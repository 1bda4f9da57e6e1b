using System.Text.Json;
using Azure.Data.Tables;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class LedgerCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task LedgerVerify_IntactThenOneReasonTampered_ExitsZeroThenThreeNamingTheChain()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokenId = CliHarness.NewTokenId("ledger");
        await cli.IssueAsync(tokenId);

        var intact = await cli.RunAsync("ledger", "verify");
        Assert.True(intact.ExitCode == 0, intact.ToString());
        Assert.Contains("ledger intact", intact.StdOut, StringComparison.Ordinal);

        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("ledger");
        TableEntity? row = null;
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            // Entry rows: RowKey is the sequence number in 19 digits; the state row is "~state".
            if (e.RowKey.Length == 19 && e.RowKey.All(char.IsAsciiDigit) && e.GetString("Chain") == tokenId)
            {
                row = e;
                break;
            }
        }

        Assert.NotNull(row);
        row["Reason"] = "tampered";
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var altered = await cli.RunAsync("ledger", "verify");
        Assert.True(altered.ExitCode == 3, altered.ToString());
        Assert.Contains(tokenId, altered.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LedgerExport_PopulatedLedger_WritesJsonLinesWithHashChain()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokenId = CliHarness.NewTokenId("export");
        await cli.IssueAsync(tokenId);

        var export = await cli.RunAsync("ledger", "export");

        Assert.True(export.ExitCode == 0, export.ToString());
        var lines = export.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var chains = new List<string>();
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            chains.Add(root.GetProperty("chain").GetString()!);
            Assert.True(root.GetProperty("seq").GetInt64() >= 1, line);
            Assert.False(string.IsNullOrEmpty(root.GetProperty("hash").GetString()), line);
            Assert.False(string.IsNullOrEmpty(root.GetProperty("prevHash").GetString()), line);
        }

        Assert.Contains(tokenId, chains);
    }
}
