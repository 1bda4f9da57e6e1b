using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Revocation.Core;
using Revocation.Http;
using Revocation.Providers;
using Revocation.Secrets;
using Revocation.Signals;
using Revocation.Storage;

namespace Revocation.Functions;

/// <summary>The Functions app's composition root: the one place it chooses adapters.</summary>
public static class FunctionsServiceCollectionExtensions
{
    public static IServiceCollection AddRevocationFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddApplicationInsightsTelemetryWorkerService(new ApplicationInsightsServiceOptions());
        services.ConfigureFunctionsApplicationInsights();
        // The SDK adds a Warning-only filter for Application Insights; our Information events (decisions) matter.
        services.Configure<LoggerFilterOptions>(o =>
        {
            var rule = o.Rules.FirstOrDefault(r => r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (rule is not null) o.Rules.Remove(rule);
        });

        var policy = DeployedPolicy.Load(configuration);

        services.AddSingleton(TimeProvider.System);
        services.AddAzureClientsCore();
        services.AddSingleton<StorageRequestCounter>();
        services.AddRevocationStorage(sp => StorageClients.FromConfiguration(
            configuration, sp.GetRequiredService<AzureComponentFactory>(), sp.GetRequiredService<StorageRequestCounter>()));
        services.AddRevocationCore(policy);
        services.ConfigureRevocationCore(configuration);
        services.AddRevocationSecrets(configuration, allowLocalStore: configuration.GetValue("Revocation:AllowLocalSecrets", false));
        services.AddRevocationProviders(configuration);
        services.AddRevocationApi();
        services.AddRevocationSignals(configuration);
        services.AddHostedService<CounterFlushService>();
        services.AddHostedService(sp => sp.GetRequiredService<DecisionFlushService>());
        services.AddHostedService<SecretReferenceStartupCheck>();
        return services;
    }
}
