using Microsoft.Extensions.DependencyInjection;
using Revocation.Core.Posture;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>Registers the Azure Storage adapters of the core's ports over one pair of clients.</summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddRevocationStorage(this IServiceCollection services, Func<IServiceProvider, StorageClients> clients)
    {
        services.AddSingleton(clients);
        services.AddSingleton(sp => sp.GetRequiredService<StorageClients>().Tables);
        services.AddSingleton(sp => sp.GetRequiredService<StorageClients>().Queues);
        services.AddSingleton<TableTokenStore>();
        services.AddSingleton<ITokenStore>(sp => sp.GetRequiredService<TableTokenStore>());
        services.AddSingleton<IDueIndex, TableDueIndex>();
        services.AddSingleton<IPersonIndex, TablePersonIndex>();
        services.AddSingleton<ISliceIndex, TableSliceIndex>();
        services.AddSingleton<IIncidentStore, TableIncidentStore>();
        services.AddSingleton<IPeopleStore, TablePeopleStore>();
        services.AddSingleton<IRejectionStore, TableRejectionStore>();
        services.AddSingleton<Core.Access.IDenialStore, TableDenialStore>();
        services.AddSingleton<TableActiveTokenCounter>();
        services.AddSingleton<IActiveTokenCounter>(sp => sp.GetRequiredService<TableActiveTokenCounter>());
        services.AddSingleton<IRevocationQueue, QueueRevocationQueue>();
        services.AddSingleton<Core.Events.IIntakeQueue, QueueIntakeQueue>();
        services.AddSingleton<TablePostureStore>();
        services.AddSingleton<IPostureStore>(sp => sp.GetRequiredService<TablePostureStore>());
        return services;
    }
}
