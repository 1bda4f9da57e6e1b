using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using Revocation.Core.Secrets;

namespace Revocation.Secrets;

/// <summary>
/// Azure Key Vault secrets addressed by their URI (<see cref="KeyVaultSecretUri"/>). One <see cref="SecretClient"/>
/// per vault, all with the host's credential (managed identity in Azure). Deleting starts a soft delete of the
/// whole secret (all versions; the vault's retention period applies, no purge); a 404 reads as "nothing there".
/// </summary>
public sealed class KeyVaultSecretStore(TokenCredential credential) : ISecretStore
{
    private readonly ConcurrentDictionary<Uri, SecretClient> clients = new();

    public bool CanResolve(string reference) => KeyVaultSecretUri.TryParse(reference, out _);

    public async Task<string?> TryGetAsync(string reference, CancellationToken cancellationToken)
    {
        var uri = Parse(reference);
        try
        {
            var secret = await ClientFor(uri).GetSecretAsync(uri.Name, uri.Version, cancellationToken);
            return secret.Value.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> TryDeleteAsync(string reference, CancellationToken cancellationToken)
    {
        var uri = Parse(reference);
        try
        {
            await ClientFor(uri).StartDeleteSecretAsync(uri.Name, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    private SecretClient ClientFor(KeyVaultSecretUri uri) =>
        clients.GetOrAdd(uri.VaultUri, vault => new SecretClient(vault, credential));

    private static KeyVaultSecretUri Parse(string reference) =>
        KeyVaultSecretUri.TryParse(reference, out var uri)
            ? uri
            : throw new ArgumentException("Not a Key Vault secret URI (https://{vault}.vault.azure.net/secrets/{name}[/{version}]).", nameof(reference));
}
