using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Revocation.Functions.Tests;

/// <summary>The app's composition root, with the settings of local.settings.sample.json: every function resolves.</summary>
public class CompositionTests
{
    internal static Dictionary<string, string?> SampleSettings()
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
    [InlineData(typeof(ReconcileFunction))]
    [InlineData(typeof(SignalsFunction))]
    [InlineData(typeof(DecisionsFunction))]
    public async Task AddRevocationFunctions_SampleSettings_ResolvesEveryFunction(Type function)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SampleSettings()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddRevocationFunctions(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        Assert.IsType(function, ActivatorUtilities.CreateInstance(provider, function));
        // What the host runs at start: every option section bound and valid with the sample settings.
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("Revocation:Retry:BaseDelay", "00:10:00", "Revocation:Retry:MaxDelay", "00:01:00", "Revocation:Retry:BaseDelay (00:10:00) is above Revocation:Retry:MaxDelay")]
    [InlineData("Revocation:Offboarding:RecheckWindow", "00:01:00", "Revocation:Offboarding:PeopleCacheLifetime", "00:02:00", "Revocation:Offboarding:RecheckWindow (00:01:00) must be longer than")]
    [InlineData("Revocation:Sweep:MaxConcurrentTokens", "0", "Revocation:Sweep:MaxItemsPerRun", "10", "MaxConcurrentTokens")]
    [InlineData("Revocation:Incidents:IndexShards", "65", "Revocation:Incidents:InlineBudget", "00:00:10", "IndexShards")]
    [InlineData("Revocation:Decisions:CacheFor", "00:10:00", "Revocation:Decisions:UsageWriteInterval", "00:01:00", "CacheFor")]
    [InlineData("Revocation:Decisions:UsageWriteInterval", "00:00:00", "Revocation:Decisions:CacheFor", "00:00:30", "UsageWriteInterval")]
    public async Task AddRevocationFunctions_InvalidOptions_StopTheStartNamingTheKey(string key, string value, string otherKey, string otherValue, string message)
    {
        var settings = SampleSettings();
        settings[key] = value;
        settings[otherKey] = otherValue;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRevocationFunctions(configuration);
        await using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
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
