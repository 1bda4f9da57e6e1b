using Json.Schema;

namespace Revocation.Core.Tests;

public class PolicySchemaTests
{
    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RevocationFunctions.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    // Loaded once: JsonSchema.Net registers a schema by its $id and refuses to register the same $id twice.
    private static readonly Lazy<JsonSchema> Loaded = new(() => JsonSchema.FromFile(Path.Combine(Root(), "schemas", "policies.schema.json")));

    private static JsonSchema Schema() => Loaded.Value;

    [Fact]
    public void Schema_DemoPolicy_IsValidAndLoads()
    {
        var text = File.ReadAllText(Path.Combine(Root(), "samples", "demo", "policies.template.json"))
            .Replace("${OAUTH_ISSUER}", "http://127.0.0.1:8080", StringComparison.Ordinal);
        var result = Schema().Evaluate(System.Text.Json.JsonDocument.Parse(text).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid);
        Assert.Equal(2, Policy.PolicyLoader.Parse(text).Classes.Count);
    }
    [Theory]
    [InlineData("""{ "providers": { "p": { "kind": "pigeon" } }, "classes": {} }""")]
    [InlineData("""{ "providers": {}, "classes": { "c": { "owner": "o", "provider": "p", "maxTtl": "1h" } } }""")]
    [InlineData("""{ "providers": { "p": { "kind": "oauth2", "clientId": "c", "clientSecretRef": "plaintext" } }, "classes": {} }""")]
    [InlineData("""{ "providers": {}, "classes": {}, "sweep": { "maxRevokedFraction": 2 } }""")]
    [InlineData("""{ "providers": { "gh": { "kind": "github", "organization": "contoso", "appTokenRef": "env:GH_APP_TOKEN" } }, "classes": {} }""")]
    [InlineData("""{ "providers": { "gh": { "kind": "github", "organization": "contoso", "appId": 31337 } }, "classes": {} }""")]
    [InlineData("""{ "providers": { "gh": { "kind": "github", "organization": "contoso", "appId": 1, "appPrivateKeyRef": "env:K", "installationId": "7" } }, "classes": {} }""")]
    [InlineData("""{ "providers": { "e": { "kind": "graph" } }, "classes": {}, "discovery": { "providers": ["e"], "unmatched": { "action": "shrug" } } }""")]
    [InlineData("""{ "providers": { "e": { "kind": "graph" } }, "classes": {}, "discovery": { "rules": [ { "provider": "e" } ] } }""")]
    public void Schema_InvalidPolicy_IsRejectedBySchemaAndLoader(string json)
    {
        Assert.False(Schema().Evaluate(System.Text.Json.JsonDocument.Parse(json).RootElement).IsValid);
        Assert.Throws<Policy.PolicyValidationException>(() => Policy.PolicyLoader.Parse(json));
    }

    [Theory]
    [InlineData("""{ "providers": { "gh": { "kind": "github", "organization": "contoso", "appId": 31337, "appPrivateKeyRef": "env:GH_KEY", "installationId": 777 } }, "classes": {} }""")]
    [InlineData("""{ "providers": { "gh": { "kind": "github", "organization": "contoso", "appId": "Iv1.abc", "appPrivateKeyRef": "env:GH_KEY", "installationId": 777 } }, "classes": {} }""")]
    [InlineData("""{ "providers": { "gh": { "kind": "github", "clientId": "Iv1.abc", "clientSecretRef": "env:GH_SECRET" } }, "classes": {} }""")]
    public void Schema_GitHubPolicy_IsAcceptedBySchemaAndLoader(string json)
    {
        Assert.True(Schema().Evaluate(System.Text.Json.JsonDocument.Parse(json).RootElement).IsValid);
        Assert.Single(Policy.PolicyLoader.Parse(json).Providers);
    }

    [Fact]
    public void Schema_DiscoverySection_IsAcceptedBySchemaAndLoader()
    {
        var json = """
            { "providers": { "e": { "kind": "graph" } },
              "classes": { "ci": { "owner": "o@contoso.com", "provider": "e" } },
              "discovery": { "providers": ["e"], "rules": [ { "provider": "e", "container": "*", "namePattern": "ci-*", "class": "ci" } ],
                             "unmatched": { "action": "revoke", "gracePeriod": "P7D", "classes": { "e": "ci" } } } }
            """;
        Assert.True(Schema().Evaluate(System.Text.Json.JsonDocument.Parse(json).RootElement).IsValid);
        Assert.Single(Policy.PolicyLoader.Parse(json).Discovery.Rules);
    }
}
