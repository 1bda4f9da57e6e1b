using Revocation.Testing;

namespace Revocation.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ConfigurationErrorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task AnyCommand_InvalidPolicyFile_ExitsTwoListingEveryJsonPath()
    {
        const string policy = """
            {
              "providers": {},
              "classes": { "x": { "owner": "alice@contoso.com", "provider": "nope", "maxTtl": "bogus" } }
            }
            """;
        using var cli = new CliHarness(azurite.ConnectionString, policy);

        var result = await cli.RunAsync("sweep", "--dry-run");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("$.classes['x'].provider", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("$.classes['x'].maxTtl", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_BaseDelayAboveMaxDelay_ExitsTwoNamingBothKeys()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        CliResult result;
        using (new EnvironmentVariableScope("Revocation__Retry__BaseDelay", "00:10:00"))
        using (new EnvironmentVariableScope("Revocation__Retry__MaxDelay", "00:01:00"))
        {
            result = await cli.RunAsync("sweep", "--dry-run");
        }

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Revocation:Retry:BaseDelay (00:10:00) is above Revocation:Retry:MaxDelay (00:01:00)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensList_StorageUnreachable_ExitsOneMentioningAzurite()
    {
        const string unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=" + AzuriteFixture.AccountKey + ";" +
            "TableEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;";
        using var cli = new CliHarness(unreachable);

        var result = await cli.RunAsync("tokens", "list");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Azurite", result.StdErr, StringComparison.Ordinal);
    }
}
