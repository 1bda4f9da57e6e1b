using System.Text.Json;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>revctl reconcile from the CLI: what it says of providers that cannot list, and a provider it does not know.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReconcileCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Reconcile_OAuth2ProviderOnly_SaysItCannotListAndChangesNothing()
    {
        using var cli = new CliHarness(azurite.ConnectionString);

        var json = await cli.RunAsync("reconcile", "--dry-run", "--json");
        var text = await cli.RunAsync("reconcile");

        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.StdOut);
        Assert.Equal(["p"], doc.RootElement.GetProperty("cannotList").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(doc.RootElement.GetProperty("providers").EnumerateArray());
        Assert.True(doc.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("p: cannot list (RFC 7009 servers have no listing API)", text.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_ProviderNotInDiscovery_ExitsTwoNamingIt()
    {
        using var cli = new CliHarness(azurite.ConnectionString);

        var result = await cli.RunAsync("reconcile", "--provider", "entra");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--provider 'entra' is not in the policy's discovery.providers (none are)", result.StdErr, StringComparison.Ordinal);
    }
}
