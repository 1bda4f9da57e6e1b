using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revocation.Core;
using Revocation.Core.Policy;
using Revocation.Http;
using Revocation.Providers;
using Revocation.Secrets;
using Revocation.Signals;
using Revocation.Storage;

namespace Revocation.Cli.Hosting;

/// <summary>The CLI's composition root: the same core services as the Functions app, over the given storage and policy.</summary>
internal static class CliServices
{
    private static readonly AsyncLocal<TimeProvider?> TestClock = new();

    /// <summary>For tests, within the calling async flow only: commands read <paramref name="time"/> instead of the system clock.</summary>
    public static IDisposable OverrideClockForTesting(TimeProvider time)
    {
        var previous = TestClock.Value;
        TestClock.Value = time;
        return new ClockRestore(() => TestClock.Value = previous);
    }

    private sealed class ClockRestore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    public static ServiceProvider Build(GlobalSettings settings, bool requirePolicy = true, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageClients.ConnectionName] = settings.Storage })
            .AddEnvironmentVariables()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageClients.ConnectionName] = settings.Storage })
            .Build();
        var policy = requirePolicy || File.Exists(settings.Policies)
            ? PolicyLoader.LoadFile(settings.Policies)
            : new PolicyDocument(new Dictionary<string, ProviderPolicy>(), new Dictionary<string, ClassPolicy>(), new SweepPolicy());
        var target = ValidateStorage(settings.Storage);
        var services = new ServiceCollection();
        // stdout is the command's result (a table or one JSON document): every log line goes to stderr.
        services.AddLogging(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Warning)
            .AddFilter("System.Net.Http", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Http", LogLevel.Warning)
            .AddFilter("Polly", LogLevel.Error));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(time ?? TestClock.Value ?? TimeProvider.System);
        services.AddAzureClientsCore();
        var counter = new StorageRequestCounter();
        services.AddSingleton(counter);
        services.AddRevocationStorage(_ => StorageAccess.Connect(target, counter));
        services.AddRevocationCore(policy);
        services.ConfigureRevocationCore(configuration);
        services.AddRevocationSecrets(configuration, allowLocalStore: true);
        services.AddRevocationProviders(configuration);
        services.AddRevocationApi();
        services.AddRevocationSignals(configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            // What a host does at start: a bad setting stops the command before it touches anything.
            provider.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException e)
        {
            provider.Dispose();
            throw new UsageException("invalid setting: " + string.Join("; ", e.Failures));
        }
        return provider;
    }

    /// <summary>A malformed --storage is a configuration error (exit 2), found before any command runs.</summary>
    private static StorageTarget ValidateStorage(string storage)
    {
        var target = StorageAccess.Target(storage);
        if (target.UsesToken) return target;
        try
        {
            _ = StorageClients.FromConnectionString(target.ConnectionString!);
            return target;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new UsageException($"--storage / REVOCATION_STORAGE is not a valid storage connection string: {e.Message}");
        }
    }
}
