using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Revocation.Core.Policy;

namespace Revocation.Functions.Tests;

/// <summary>
/// The policy that gets deployed: deploy/policies.json validates and is the app's policies.json; an empty, invalid or
/// missing policy, or an env: secret reference that is not set, stops the app's start with a message saying where to fix it.
/// </summary>
public class DeployedPolicyTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "RevocationFunctions.sln"))) dir = dir.Parent;
        return dir.FullName;
    }

    private static IConfiguration Settings(string policyFile) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["RevocationStorage"] = "UseDevelopmentStorage=true",
        ["SweepSchedule"] = "0 */5 * * * *",
        ["Revocation:PolicyFile"] = policyFile,
    }).Build();

    private static string WritePolicy(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"policies-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void DeployPoliciesJson_Validates_AndDefinesClasses()
    {
        var policy = PolicyLoader.LoadFile(Path.Combine(RepoRoot(), "deploy", "policies.json"));

        Assert.NotEmpty(policy.Classes);
        Assert.NotEmpty(policy.Providers);
    }

    [Fact]
    public void AppOutput_PoliciesJson_IsTheDeployFile()
    {
        // The build copies deploy/policies.json next to the app (and, transitively, next to this test).
        Assert.Equal(File.ReadAllText(Path.Combine(RepoRoot(), "deploy", "policies.json")),
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "policies.json")));
        Assert.False(File.Exists(Path.Combine(RepoRoot(), "src", "Revocation.Functions", "policies.json")), "the app's source holds no policy");
    }

    [Theory]
    [InlineData("""{ "providers": {}, "classes": {} }""", "no token classes")]
    [InlineData("{}", "$.classes")]
    [InlineData("""{ "providers": {}, "classes": { "c": { "provider": "nope" } } }""", "$.classes['c'].provider")]
    public void AddRevocationFunctions_EmptyOrInvalidPolicy_StopsTheStartNamingTheFileAndWhereToPutIt(string json, string problem)
    {
        var path = WritePolicy(json);
        try
        {
            var e = Assert.Throws<PolicyValidationException>(() => new ServiceCollection().AddRevocationFunctions(Settings(path)));

            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains(problem, e.Message, StringComparison.Ordinal);
            Assert.Contains("deploy/policies.json", e.Message, StringComparison.Ordinal);
            Assert.Contains("Revocation__PolicyFile", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AddRevocationFunctions_MissingPolicyFile_SaysWhereToPutIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.json");

        var e = Assert.Throws<PolicyValidationException>(() => new ServiceCollection().AddRevocationFunctions(Settings(path)));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("file not found", e.Message, StringComparison.Ordinal);
        Assert.Contains("deploy/policies.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_EnvSecretReferenceNotSet_StopsNamingProviderFieldAndVariable()
    {
        var variable = $"REVOCATION_TEST_{Guid.NewGuid():N}";
        var path = WritePolicy(PolicyWith($"env:{variable}"));
        try
        {
            await using var provider = Build(path);

            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => StartingAsync(provider));

            Assert.Contains($"provider 'corp' clientSecretRef (env:{variable}): environment variable {variable} is not set", e.Message, StringComparison.Ordinal);

            Environment.SetEnvironmentVariable(variable, "s3cret-value");
            try
            {
                await StartingAsync(provider);
            }
            finally
            {
                Environment.SetEnvironmentVariable(variable, null);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Start_KeyVaultReferenceWithoutCredential_DoesNotStopTheStart()
    {
        // Key Vault is read by revctl doctor, not at start: a transient vault failure must not keep the app down.
        var path = WritePolicy(PolicyWith("https://contoso-kv.vault.azure.net/secrets/corp-oauth"));
        try
        {
            await using var provider = Build(path);
            await StartingAsync(provider);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static ServiceProvider Build(string policyPath)
    {
        var configuration = Settings(policyPath);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(configuration);
        services.AddRevocationFunctions(configuration);
        return services.BuildServiceProvider();
    }

    private static async Task StartingAsync(IServiceProvider provider)
    {
        foreach (var hosted in provider.GetServices<IHostedService>().OfType<IHostedLifecycleService>())
            await hosted.StartingAsync(CancellationToken.None);
    }

    private static string PolicyWith(string secretRef) => $$"""
        {
          "providers": { "corp": { "kind": "oauth2", "revocationEndpoint": "https://login.example.com/revoke", "clientId": "c", "clientSecretRef": "{{secretRef}}" } },
          "classes": { "ci": { "owner": "alice@contoso.com", "provider": "corp" } }
        }
        """;
}
