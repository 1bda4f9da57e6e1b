using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Core.Secrets;
using Revocation.Providers.Tests.Support;
using Revocation.Secrets;

namespace Revocation.Providers.Tests.Secrets;

public sealed class SecretStoreRouterTests
{
    [Fact]
    public async Task TryGetAsync_KnownScheme_DispatchesToFirstMatchingStore()
    {
        var memory = new InMemorySecretStore();
        var reference = memory.Put("a", "value-a");
        var router = new SecretStoreRouter([new EnvSecretStore(), memory]);

        Assert.Equal("value-a", await router.TryGetAsync(reference, CancellationToken.None));
        Assert.True(await router.TryDeleteAsync(reference, CancellationToken.None));
        Assert.Null(await router.TryGetAsync(reference, CancellationToken.None));
    }

    [Theory]
    [InlineData("vault:hunter2-the-actual-secret", "'vault'", "hunter2")]
    [InlineData("ghp_abcdefSECRET123", "(unrecognized)", "ghp_abcdef")]
    [InlineData("Bearer eyJhbGciOi:SECRET", "(unrecognized)", "eyJhbGciOi")]
    public async Task TryGetAsync_UnknownScheme_ErrorNamesSchemeNotValue(string reference, string named, string secretPart)
    {
        var router = new SecretStoreRouter([new EnvSecretStore()]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => router.TryGetAsync(reference, CancellationToken.None));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secretPart, error.Message, StringComparison.Ordinal);
        Assert.False(router.CanResolve(reference));
    }

    [Fact]
    public async Task AddRevocationSecrets_NoKeyVaultSectionNoLocal_ClearErrors()
    {
        using var services = new ServiceCollection()
            .AddRevocationSecrets(new ConfigurationBuilder().Build(), allowLocalStore: false)
            .BuildServiceProvider();
        var store = services.GetRequiredService<ISecretStore>();

        var keyVault = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.TryGetAsync("https://corp-kv.vault.azure.net/secrets/ci-token", CancellationToken.None));
        var local = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.TryGetAsync("local:0123456789abcdef0123456789abcdef", CancellationToken.None));

        Assert.Contains("'KeyVault' section", keyVault.Message, StringComparison.Ordinal);
        Assert.Contains("Revocation:AllowLocalSecrets", local.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRevocationSecrets_KeyVaultSection_ResolvesKeyVaultReferences()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["KeyVault:credential"] = "managedidentity", ["KeyVault:clientId"] = "00000000-0000-0000-0000-000000000001" })
            .Build();
        using var services = new ServiceCollection().AddLogging().AddRevocationSecrets(configuration, allowLocalStore: false).BuildServiceProvider();

        Assert.True(services.GetRequiredService<ISecretStore>().CanResolve("https://corp-kv.vault.azure.net/secrets/ci-token"));
        Assert.NotNull(services.GetRequiredService<KeyVaultSecretStore>());
    }
}
