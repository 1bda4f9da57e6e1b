using Revocation.Storage;

namespace Revocation.Cli.Hosting;

/// <summary>
/// Creating the tables and queues a command needs: done for a connection string (Azurite, a dev account), skipped for
/// deployed storage reached with Entra ID (an account name or endpoints), where the Bicep template created everything
/// and an auditor's reader roles could not create anything anyway. A missing table there is an error `revctl doctor`
/// names ("reachable but not provisioned").
/// </summary>
internal static class CliStorage
{
    public static Task EnsureProvisionedAsync(GlobalSettings settings, StorageClients clients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return StorageAccess.Target(settings.Storage).UsesToken ? Task.CompletedTask : StorageProvisioner.EnsureAsync(clients, cancellationToken);
    }
}
