using Revocation.Core.Discovery;
using Revocation.Core.Policy;

namespace Revocation.Core.Tests;

public class DiscoveryPolicyTests
{
    internal const string Providers = """
        "providers": {
          "entra": { "kind": "graph" },
          "corp": { "kind": "oauth2", "revocationEndpoint": "https://login.example.com/revoke", "clientId": "c", "clientSecretRef": "env:S" } },
        "classes": {
          "ci-deploy": { "owner": "ops@contoso.com", "provider": "entra", "maxTtl": "P90D" },
          "entra-other": { "owner": "sec@contoso.com", "provider": "entra" },
          "web": { "owner": "web@contoso.com", "provider": "corp" } }
        """;

    private static PolicyDocument Load(string discovery) => PolicyLoader.Parse($$"""{ {{Providers}}, "discovery": {{discovery}} }""");

    private static DiscoveredCredential Credential(string? name, string? container = "app-1", string kind = "password") =>
        new() { Handle = "applications/o/passwordCredentials/" + name, CredentialKind = kind, DisplayName = name, Container = container };

    [Fact]
    public void Parse_DiscoverySection_LoadsRulesInOrderAndTheUnmatchedPolicy()
    {
        var policy = Load("""
            { "providers": ["entra"],
              "rules": [ { "provider": "entra", "container": "app-1", "namePattern": "ci-*", "class": "ci-deploy" },
                         { "provider": "entra", "container": "*", "class": "entra-other" } ],
              "unmatched": { "action": "revoke", "gracePeriod": "P3D", "classes": { "entra": "entra-other" } } }
            """);
        Assert.Equal(["entra"], policy.Discovery.Providers);
        Assert.Equal(["ci-deploy", "entra-other"], policy.Discovery.Rules.Select(r => r.Class));
        Assert.Equal((UnmatchedPolicy.Revoke, TimeSpan.FromDays(3)), (policy.Discovery.Unmatched.Action, policy.Discovery.Unmatched.GracePeriod));
        Assert.Equal("entra-other", policy.Discovery.Unmatched.Classes["entra"]);
    }

    [Fact]
    public void Parse_NoDiscoverySection_ListsNothing()
    {
        var policy = PolicyLoader.Parse($$"""{ {{Providers}} }""");
        Assert.Same(DiscoveryPolicy.None, policy.Discovery);
    }

    [Fact]
    public void Parse_InvalidDiscovery_ListsEveryProblemWithItsPath()
    {
        var e = Assert.Throws<PolicyValidationException>(() => Load("""
            { "providers": ["entra", "corp", "ghost"],
              "rules": [ { "provider": "entra", "class": "web" }, { "provider": "entra", "class": "nope", "colour": "red" }, { "class": "ci-deploy" } ],
              "unmatched": { "action": "shrug", "gracePeriod": "a week" },
              "extra": 1 }
            """));
        Assert.Contains("$.discovery.providers[1]: provider 'corp' is of kind 'oauth2', which cannot list its credentials", e.Problems);
        Assert.Contains("$.discovery.providers[2]: must name a provider defined in $.providers", e.Problems);
        Assert.Contains("$.discovery.rules[0].class: class 'web' revokes through provider 'corp', not 'entra'", e.Problems);
        Assert.Contains("$.discovery.rules[1].class: 'nope' is not defined in $.classes", e.Problems);
        Assert.Contains("$.discovery.rules[1].colour: unknown property", e.Problems);
        Assert.Contains("$.discovery.rules[2].provider: is required", e.Problems);
        Assert.Contains("$.discovery.unmatched.action: 'shrug' is not one of flag, revoke", e.Problems);
        Assert.Contains(e.Problems, p => p.StartsWith("$.discovery.unmatched.gracePeriod:", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("$.discovery.unmatched.classes['entra']: is required", StringComparison.Ordinal));
        Assert.Contains("$.discovery.extra: unknown property", e.Problems);
    }

    [Fact]
    public void Match_FirstMatchingRuleWins_AndConditionsIgnoreCase()
    {
        var policy = Load("""
            { "providers": ["entra"],
              "rules": [ { "provider": "entra", "container": "APP-1", "namePattern": "ci-*", "class": "ci-deploy" },
                         { "provider": "entra", "kind": "key", "class": "entra-other" } ],
              "unmatched": { "classes": { "entra": "entra-other" } } }
            """);
        Assert.Equal("ci-deploy", policy.Discovery.Match("entra", Credential("CI-build"))?.Class);
        Assert.Null(policy.Discovery.Match("entra", Credential("ci-build", container: "app-2")));
        Assert.Null(policy.Discovery.Match("entra", Credential("deploy")));
        Assert.Null(policy.Discovery.Match("entra", Credential(null)));
        Assert.Equal("entra-other", policy.Discovery.Match("entra", Credential("x", kind: "key"))?.Class);
        Assert.Null(policy.Discovery.Match("other", Credential("ci-build")));
    }

    [Theory]
    [InlineData("ci-*", "ci-", true)]
    [InlineData("ci-?", "ci-ab", false)]
    [InlineData("a.b", "axb", false)]
    [InlineData("*", "", true)]
    [InlineData("x(y", "x(y", true)]
    public void Glob_MatchesWholeNameOnly(string pattern, string text, bool expected) =>
        Assert.Equal(expected, DiscoveryRule.Glob(pattern, text));
}
