using Revocation.Secrets;

namespace Revocation.Providers.Tests.Secrets;

public sealed class EnvSecretStoreTests
{
    private readonly EnvSecretStore store = new();

    [Fact]
    public async Task TryGetAsync_SetVariable_ValueAndDeleteIsFalse()
    {
        var name = "REVOCATION_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "s3cret");
        try
        {
            Assert.True(store.CanResolve("env:" + name));
            Assert.Equal("s3cret", await store.TryGetAsync("env:" + name, CancellationToken.None));
            Assert.False(await store.TryDeleteAsync("env:" + name, CancellationToken.None));
            Assert.Equal("s3cret", await store.TryGetAsync("env:" + name, CancellationToken.None));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task TryGetAsync_UnsetVariable_Null() =>
        Assert.Null(await store.TryGetAsync("env:REVOCATION_TEST_UNSET_" + Guid.NewGuid().ToString("N"), CancellationToken.None));

    [Theory]
    [InlineData("env:")]
    [InlineData("ENV:X")]
    [InlineData("local:abc")]
    [InlineData("https://v.vault.azure.net/secrets/x")]
    public void CanResolve_OtherReferences_False(string reference) => Assert.False(store.CanResolve(reference));
}
