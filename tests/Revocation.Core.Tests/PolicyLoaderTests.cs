using Revocation.Core.Policy;

namespace Revocation.Core.Tests;

public class PolicyLoaderTests
{
    [Fact]
    public void Parse_InvalidFile_ListsEveryProblemWithItsPath()
    {
        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.Parse("""
            { "providers": { "p": { "kind": "carrier-pigeon" } },
              "classes": { "ci": { "provider": "missing", "maxTtl": "1 hour", "onOwnerOffboarded": "shrug" } },
              "sweep": { "maxRevokedFraction": 2 } }
            """));
        Assert.Contains("$.providers['p'].kind: 'carrier-pigeon'", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.classes['ci'].owner: is required", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.classes['ci'].provider: 'missing' is not defined", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.classes['ci'].maxTtl", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.classes['ci'].onOwnerOffboarded", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.sweep.maxRevokedFraction", e.Message, StringComparison.Ordinal);
        Assert.True(e.Problems.Count >= 6);
    }

    [Fact]
    public void Parse_ContractExample_Loads()
    {
        var policy = TestEvents.Policy();
        var cls = policy.Classes["ci"];
        Assert.Equal(TimeSpan.FromDays(1), cls.MaxTtl);
        Assert.Equal(TimeSpan.FromHours(6), cls.IdleTimeout);
        Assert.Equal(["urn:partner"], cls.TransferAllowedSources);
        Assert.Equal(1000, policy.Sweep.MaxRevocationsPerRun);
    }

    [Fact]
    public void Parse_GitHubAppTokenRef_RejectedNamingItAndItsReplacement()
    {
        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.Parse("""
            { "providers": { "gh": { "kind": "github", "organization": "contoso", "appTokenRef": "env:GH_APP_TOKEN" } }, "classes": {} }
            """));
        Assert.Contains("$.providers['gh'].appTokenRef: is no longer supported", e.Message, StringComparison.Ordinal);
        Assert.Contains("set appId, appPrivateKeyRef (the GitHub App's PEM private key) and installationId instead", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("appTokenRef: unknown property", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GitHubOrgPatFieldsIncomplete_NamesEachMissingOne()
    {
        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.Parse("""
            { "providers": { "gh": { "kind": "github", "organization": "contoso", "appId": 31337 } }, "classes": {} }
            """));
        Assert.Contains("$.providers['gh'].appPrivateKeyRef: is required with organization, appId", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.providers['gh'].installationId: is required with organization, appId", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Problems.Count);
    }

    [Theory]
    [InlineData("""{ "kind": "github", "organization": "contoso", "appId": "31337", "appPrivateKeyRef": "env:K", "installationId": "777" }""",
        "installationId: must be a positive integer")]
    [InlineData("""{ "kind": "github", "organization": "contoso", "appId": "31337", "appPrivateKeyRef": "env:K", "installationId": 0 }""",
        "installationId: must be a positive integer")]
    [InlineData("""{ "kind": "github", "organization": "contoso/x", "appId": "31337", "appPrivateKeyRef": "env:K", "installationId": 7 }""",
        "organization: must be a GitHub organization login")]
    [InlineData("""{ "kind": "github", "organization": "contoso", "appId": 31337, "appPrivateKeyRef": "K", "installationId": 7 }""",
        "appPrivateKeyRef: must be a secret reference")]
    public void Parse_GitHubAppFieldInvalid_Rejected(string provider, string expected)
    {
        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.Parse($$"""{ "providers": { "gh": {{provider}} }, "classes": {} }"""));

        Assert.Contains("$.providers['gh']." + expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GitHubApp_Loads()
    {
        var policy = PolicyLoader.Parse("""
            { "providers": {
                "gh": { "kind": "github", "organization": "contoso", "appId": 31337, "appPrivateKeyRef": "env:GH_KEY", "installationId": 777 },
                "oauth": { "kind": "github", "clientId": "Iv1.abc", "clientSecretRef": "env:GH_SECRET" } },
              "classes": {} }
            """);

        var gh = policy.Providers["gh"];
        Assert.Equal("31337", gh.AppId);
        Assert.Equal("env:GH_KEY", gh.AppPrivateKeyRef);
        Assert.Equal(777, gh.InstallationId);
        Assert.Null(policy.Providers["oauth"].AppId);
    }
}
