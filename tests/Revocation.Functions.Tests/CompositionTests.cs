using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Revocation.Functions.Tests;

/// <summary>The app's composition root, with the settings of local.settings.sample.json: every function resolves.</summary>
public class CompositionTests
{
    private static Dictionary<string, string?> SampleSettings()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "RevocationFunctions.sln"))) dir = dir.Parent;
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "local.settings.sample.json")));
        // Environment-style keys (A__B) become configuration keys (A:B), as the host's environment provider does.
        return doc.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString());
    }

    [Theory]
    [InlineData(typeof(TokenEventsFunction))]
    [InlineData(typeof(IdentityEventsFunction))]
    [InlineData(typeof(RevocationsFunction))]
    [InlineData(typeof(SweepFunction))]
    public async Task AddRevocationFunctions_SampleSettings_ResolvesEveryFunction(Type function)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SampleSettings()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddRevocationFunctions(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        Assert.NotNull(ActivatorUtilities.CreateInstance(provider, function));
        Assert.NotNull(provider.GetRequiredService<ILogger<CompositionTests>>());
    }

    [Fact]
    public void AddRevocationFunctions_InvalidPolicy_StopsTheStartNamingEveryProblem()
    {
        var settings = SampleSettings();
        var bad = Path.Combine(Path.GetTempPath(), $"policies-{Guid.NewGuid():N}.json");
        File.WriteAllText(bad, """{ "providers": {}, "classes": { "c": { "provider": "nope" } } }""");
        settings["Revocation:PolicyFile"] = bad;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var e = Assert.Throws<Revocation.Core.Policy.PolicyValidationException>(() => new ServiceCollection().AddRevocationFunctions(configuration));
            Assert.Contains("$.classes['c'].owner", e.Message, StringComparison.Ordinal);
            Assert.Contains("$.classes['c'].provider", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }
    }
}
