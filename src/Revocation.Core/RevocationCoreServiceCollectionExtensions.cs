using Microsoft.Extensions.DependencyInjection;
using Revocation.Core.Intake;
using Revocation.Core.Ledger;
using Revocation.Core.Offboarding;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;

namespace Revocation.Core;

/// <summary>Registers the core services. Hosts add the adapters (stores, queue, providers, secrets) and a TimeProvider.</summary>
public static class RevocationCoreServiceCollectionExtensions
{
    public static IServiceCollection AddRevocationCore(this IServiceCollection services, PolicyDocument policy)
    {
        services.AddSingleton(policy);
        services.AddSingleton<TokenWriter>();
        services.AddSingleton<TokenIndexer>();
        services.AddSingleton<RevocationRequester>();
        services.AddSingleton<TokenEventRecorder>();
        services.AddSingleton<OffboardingService>();
        services.AddSingleton<RejectionService>();
        services.AddSingleton<IntakeService>();
        services.AddSingleton<SweepService>();
        services.AddSingleton<RevocationService>();
        services.AddSingleton<RevocationMessageService>();
        services.AddSingleton<LedgerAuditService>();
        services.AddOptions<RevocationOptions>().ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
