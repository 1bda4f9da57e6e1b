using Azure.Core;
using Revocation.Providers.Tests.Support;
using Revocation.Secrets;

namespace Revocation.Providers.Tests.Secrets;

public sealed class KeyVaultSecretUriTests
{
    [Theory]
    [InlineData("https://corp-kv.vault.azure.net/secrets/ci-token", "https://corp-kv.vault.azure.net/", "ci-token", null)]
    [InlineData("https://Corp-KV.vault.azure.net/secrets/ci-token/0123456789abcdef0123456789ABCDEF", "https://corp-kv.vault.azure.net/", "ci-token", "0123456789abcdef0123456789ABCDEF")]
    [InlineData("https://gov.vault.usgovcloudapi.net/secrets/a/", "https://gov.vault.usgovcloudapi.net/", "a", null)]
    [InlineData("https://cn.vault.azure.cn/secrets/B-2", "https://cn.vault.azure.cn/", "B-2", null)]
    public void TryParse_SecretUri_VaultNameAndVersion(string reference, string vault, string name, string? version)
    {
        Assert.True(KeyVaultSecretUri.TryParse(reference, out var parsed));
        Assert.Equal(new Uri(vault), parsed.VaultUri);
        Assert.Equal(name, parsed.Name);
        Assert.Equal(version, parsed.Version);
    }

    [Theory]
    [InlineData("http://corp-kv.vault.azure.net/secrets/x")]
    [InlineData("https://corp-kv.vault.azure.net:8443/secrets/x")]
    [InlineData("https://vault.azure.net/secrets/x")]
    [InlineData("https://corp-kv.vault.azure.net.evil.example/secrets/x")]
    [InlineData("https://example.com/secrets/x")]
    [InlineData("https://corp-kv.vault.azure.net/keys/x")]
    [InlineData("https://corp-kv.vault.azure.net/secrets/")]
    [InlineData("https://corp-kv.vault.azure.net/secrets/bad_name")]
    [InlineData("https://corp-kv.vault.azure.net/secrets/x/not-a-version")]
    [InlineData("https://corp-kv.vault.azure.net/secrets/x/0123456789abcdef0123456789abcdef/more")]
    [InlineData("https://corp-kv.vault.azure.net/secrets/x?api-version=7.4")]
    [InlineData("https://user:pw@corp-kv.vault.azure.net/secrets/x")]
    [InlineData("env:X")]
    [InlineData("")]
    public void TryParse_NotASecretUri_False(string reference) =>
        Assert.False(KeyVaultSecretUri.TryParse(reference, out _));

    [Fact]
    public void CanResolve_SecretUriOnly_NoNetwork()
    {
        var store = new KeyVaultSecretStore(new FakeTokenCredential());

        Assert.True(store.CanResolve("https://corp-kv.vault.azure.net/secrets/ci-token"));
        Assert.False(store.CanResolve("local:abc"));
    }

    [Fact]
    public async Task TryGetAsync_NotAKeyVaultUri_ArgumentException()
    {
        var store = new KeyVaultSecretStore(new FakeTokenCredential() as TokenCredential);

        await Assert.ThrowsAsync<ArgumentException>(() => store.TryGetAsync("https://example.com/secrets/x", CancellationToken.None));
    }
}
