using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Revocation.Signals;

/// <summary>Registers the signed signals receiver. Hosts add the core, the storage adapters (<c>IIntakeQueue</c>) and a TimeProvider.</summary>
public static class SignalsServiceCollectionExtensions
{
    public static IServiceCollection AddRevocationSignals(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignalOptions>().Bind(configuration.GetSection(SignalOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(JwksCache.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)   // JwksCache bounds each fetch
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<JwksCache>();
        services.AddSingleton<SetVerifier>();
        services.AddSingleton<SignalService>();
        return services;
    }
}
