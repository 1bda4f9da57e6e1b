using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Core;
using Revocation.Core.Policy;
using Revocation.Providers;
using Revocation.Secrets;
using Revocation.Storage;

namespace Revocation.Bench;

/// <summary>
/// The real core services over one Azurite, composed as the hosts compose them (see tests/Revocation.Pipeline.Tests/Pipeline.cs),
/// with a <see cref="StorageRequestCounter"/> on the storage clients.
/// </summary>
internal sealed class BenchHost : IDisposable
{
    private readonly ServiceProvider _services;

    private BenchHost(ServiceProvider services, StorageClients clients, StorageRequestCounter counter)
    {
        _services = services;
        Clients = clients;
        Counter = counter;
    }

    public StorageClients Clients { get; }

    public StorageRequestCounter Counter { get; }

    /// <summary>
    /// Composes the services; <paramref name="policyFile"/> is loaded (and validated) like the hosts do. A
    /// <paramref name="providerLatency"/> delays every provider HTTP call by that much (<see cref="LatencyHandler"/>).
    /// <paramref name="configureServices"/> runs before the providers are added (so it can register, e.g., the Graph
    /// credential they would otherwise add); <paramref name="configureClients"/> adjusts the storage clients' options;
    /// <paramref name="extraSettings"/> are configuration keys such as <c>Revocation:Storage:Shards</c>.
    /// </summary>
    public static async Task<BenchHost> CreateAsync(
        string connectionString, string policyFile, string? keyFile, CancellationToken cancellationToken, TimeSpan providerLatency = default,
        Action<IServiceCollection>? configureServices = null, Action<Azure.Core.ClientOptions>? configureClients = null,
        IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var settings = new Dictionary<string, string?>(extraSettings ?? new Dictionary<string, string?>());
        if (keyFile is not null) settings["LocalSecrets:KeyFilePath"] = keyFile;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var counter = new StorageRequestCounter();
        var clients = StorageClients.FromConnectionString(connectionString, counter, configureClients);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddRevocationStorage(_ => clients);
        services.AddRevocationCore(PolicyLoader.LoadFile(policyFile));
        services.ConfigureRevocationCore(configuration);
        services.AddRevocationSecrets(configuration, allowLocalStore: keyFile is not null);
        configureServices?.Invoke(services);
        services.AddRevocationProviders(configuration);
        if (providerLatency > TimeSpan.Zero)
            services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new LatencyHandler(providerLatency)));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await StorageProvisioner.EnsureAsync(clients, cancellationToken);
        return new BenchHost(provider, clients, counter);
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public void Dispose() => _services.Dispose();
}
