using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Revocation.Core.Access;
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
        services.AddSingleton<Posture.PostureRecorder>();
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
        services.AddSingleton<Discovery.ReconcileService>();
        services.AddSingleton<Incidents.IncidentService>();
        services.AddSingleton<TokenRecordCache>();
        services.AddSingleton<DecisionRecorder>();
        services.AddSingleton<DecisionService>();
        services.AddOptions<RevocationOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OffboardingOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SweepOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Incidents.IncidentOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DecisionOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<IValidateOptions<RevocationOptions>, RevocationOptionsValidator>();
        services.AddSingleton<IValidateOptions<OffboardingOptions>, OffboardingOptionsValidator>();
        return services;
    }

    /// <summary>
    /// Binds every option section of the core from <paramref name="configuration"/> (<c>Revocation:Retry</c>,
    /// <c>Revocation:Offboarding</c>, <c>Revocation:Sweep</c>, <c>Revocation:Incidents</c>, <c>Revocation:Decisions</c>, <c>Revocation:Storage</c>); hosts call it once, in their composition root.
    /// </summary>
    public static IServiceCollection ConfigureRevocationCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RevocationOptions>(configuration.GetSection(RevocationOptions.Section));
        services.Configure<OffboardingOptions>(configuration.GetSection(OffboardingOptions.Section));
        services.Configure<SweepOptions>(configuration.GetSection(SweepOptions.Section));
        services.Configure<Incidents.IncidentOptions>(configuration.GetSection(Incidents.IncidentOptions.Section));
        services.Configure<DecisionOptions>(configuration.GetSection(DecisionOptions.Section));
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        return services;
    }
}
