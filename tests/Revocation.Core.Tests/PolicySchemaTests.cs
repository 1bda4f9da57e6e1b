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

    private static JsonSchema Schema() => JsonSchema.FromFile(Path.Combine(Root(), "schemas", "policies.schema.json"));

    [Fact]
    public void Schema_DemoPolicy_IsValidAndLoads()
    {
        var text = File.ReadAllText(Path.Combine(Root(), "samples", "demo", "policies.template.json"))
            .Replace("${OAUTH_ISSUER}", "http://127.0.0.1:8080", StringComparison.Ordinal);
        var result = Schema().Evaluate(System.Text.Json.JsonDocument.Parse(text).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid);
        Assert.Equal(2, Policy.PolicyLoader.Parse(text).Classes.Count);
    }
    // TODO: a negative case (unknown kind, bad duration) evaluated as valid with JsonSchema.Net 8.0.5 here;
    // not yet understood, so the schema is only checked to accept the demo policy. See the issue note.
}
