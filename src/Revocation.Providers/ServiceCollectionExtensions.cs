using Azure.Core;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Revocation.Core.Discovery;
using Revocation.Core.Revocation;
using Revocation.Providers.GitHub;
using Revocation.Providers.Graph;
using Revocation.Providers.Http;
using Revocation.Providers.OAuth2;
using Revocation.Providers.Webhook;

namespace Revocation.Providers;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the four adapters as <see cref="IRevocationProvider"/> (the core picks one by
    /// <see cref="IRevocationProvider.Kind"/>), the listing adapters as <see cref="ICredentialInventory"/> (graph, github,
    /// webhook: the same clients and identity), a named HttpClient per kind with the standard resilience handler
    /// (see <c>ProviderResilience</c>: transient failures only, at most 2 retries, per-authority pipelines), and the
    /// Graph <see cref="TokenCredential"/> from the <c>Graph</c> configuration section (for example
    /// <c>Graph:credential=managedidentity</c>, <c>Graph:clientId</c>). The host registers the
    /// <see cref="TimeProvider"/> and an <see cref="Core.Secrets.ISecretStore"/> (AddRevocationSecrets).
    /// </summary>
    public static IServiceCollection AddRevocationProviders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddAzureClientsCore();
        services.TryAddKeyedSingleton<TokenCredential>(GraphRevocationProvider.CredentialKey, (sp, _) =>
            sp.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(configuration.GetSection("Graph")));

        foreach (var name in new[] { ProviderHttpClientNames.OAuth2, ProviderHttpClientNames.Graph, ProviderHttpClientNames.GitHub, ProviderHttpClientNames.Webhook })
        {
            services.AddHttpClient(name, ProviderResilience.ConfigureClient)
                // IHttpClientFactory's default loggers put raw header values (Authorization carries tokens, servers
                // echo them) into the structured state at Trace, even with RedactLoggedHeaders; the adapters log outcomes.
                .RemoveAllLoggers()
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
                {
                    // A revocation is never re-sent elsewhere: a redirect is the provider's answer (mapped as a 3xx).
                    AllowAutoRedirect = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                })
                .AddStandardResilienceHandler()
                .Configure((options, sp) => ProviderResilience.Configure(options, sp.GetRequiredService<TimeProvider>()))
                .SelectPipelineByAuthority();
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRevocationProvider, OAuth2RevocationProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRevocationProvider, GraphRevocationProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRevocationProvider, GitHubRevocationProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRevocationProvider, WebhookRevocationProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICredentialInventory, GraphCredentialInventory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICredentialInventory, GitHubCredentialInventory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICredentialInventory, WebhookCredentialInventory>());
        return services;
    }
}
