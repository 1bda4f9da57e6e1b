using Azure.Data.Tables;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Core.Secrets;
using Revocation.Secrets.Checks;

namespace Revocation.Secrets;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISecretStore"/> as a <see cref="SecretStoreRouter"/> over, in order: <c>env:</c>
    /// (always); Key Vault secret URIs, with the credential of the <c>KeyVault</c> section
    /// (<c>KeyVault:credential=managedidentity</c>, <c>KeyVault:clientId</c>) when that section exists, else a stand-in
    /// that fails Key Vault references with a message naming the section; and <c>local:</c> when
    /// <paramref name="allowLocalStore"/> (the CLI and the local host pass true, the Functions app only when
    /// <c>Revocation:AllowLocalSecrets</c> is true), and the <see cref="SecretReferenceChecker"/> over that router. The local store resolves a <see cref="TableServiceClient"/> that the
    /// host registers, and reads <c>LocalSecrets:KeyFilePath</c> / <c>LocalSecrets:TableName</c>.
    /// </summary>
    public static IServiceCollection AddRevocationSecrets(this IServiceCollection services, IConfiguration configuration, bool allowLocalStore)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddAzureClientsCore();
        services.AddSingleton<EnvSecretStore>();

        var keyVault = configuration.GetSection("KeyVault");
        if (keyVault.Exists())
        {
            services.AddSingleton(sp => new KeyVaultSecretStore(sp.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(keyVault)));
        }

        if (allowLocalStore)
        {
            var local = configuration.GetSection("LocalSecrets");
            services.AddOptions<LocalSecretStoreOptions>().Configure(options =>
            {
                options.KeyFilePath = local["KeyFilePath"] is { Length: > 0 } path ? path : options.KeyFilePath;
                options.TableName = local["TableName"] is { Length: > 0 } table ? table : options.TableName;
            });
            services.AddSingleton<LocalSecretStore>();
        }

        services.AddSingleton<ISecretStore>(sp => new SecretStoreRouter(
        [
            sp.GetRequiredService<EnvSecretStore>(),
            keyVault.Exists()
                ? sp.GetRequiredService<KeyVaultSecretStore>()
                : new UnavailableSecretStore(r => KeyVaultSecretUri.TryParse(r, out _),
                    "Key Vault secret references need a credential: configure the 'KeyVault' section (credential=managedidentity, clientId)."),
            allowLocalStore
                ? sp.GetRequiredService<LocalSecretStore>()
                : new UnavailableSecretStore(r => r.StartsWith(LocalSecretStore.Scheme, StringComparison.Ordinal),
                    "local: secret references are dev only: enable them with Revocation:AllowLocalSecrets (never in production)."),
        ]));
        services.AddSingleton<SecretReferenceChecker>();
        return services;
    }
}
