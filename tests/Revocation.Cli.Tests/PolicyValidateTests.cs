using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>revctl policy validate: the deploy hook's check; the same rule as the Functions app's start.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class PolicyValidateTests
{
    [Fact]
    public async Task PolicyValidate_DeployPolicy_Exit0()
    {
        var path = Path.Combine(RepoRoot.Path, "deploy", "policies.json");

        var result = await CliHarness.RunRawAsync("policy", "validate", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"policy {path} is valid", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "providers": {}, "classes": {} }""", "$.classes: the policy defines no token classes")]
    [InlineData("""{ "providers": {}, "classes": { "c": { "owner": "a@b.c", "provider": "nope" } } }""", "$.classes['c'].provider")]
    public async Task PolicyValidate_EmptyOrInvalid_Exit2NamingTheProblem(string json, string problem)
    {
        using var cli = new CliHarness("UseDevelopmentStorage=true", json);

        var result = await CliHarness.RunRawAsync("policy", "validate", cli.PolicyFile);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(cli.PolicyFile, result.StdErr, StringComparison.Ordinal);
        Assert.Contains(problem, result.StdErr, StringComparison.Ordinal);
    }
}
