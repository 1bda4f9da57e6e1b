using Revocation.Core.Events;

namespace Revocation.Storage;

/// <summary>Creates the tables and queues if missing. Locally at start; in Azure, infra/ creates them.</summary>
public static class StorageProvisioner
{
    public static async Task EnsureAsync(StorageClients clients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        foreach (var table in TableNames.All) await clients.Tables.GetTableClient(table).CreateIfNotExistsAsync(cancellationToken);
        foreach (var queue in QueueNames.All)
        {
            await clients.Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await clients.Queues.GetQueueClient(QueueNames.Poison(queue)).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}
