using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>
/// A fresh Azurite per test, for tests that read whole tables (the due index, every state row, every aggregate) and
/// so must not see each other's tokens, and a key file path for the local secret store.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed by xunit through IAsyncLifetime.DisposeAsync.")]
public abstract class FreshAzuriteTests : IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; private set; } = null!;

    protected string KeyFile { get; } = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");

    public async Task InitializeAsync() => Azurite = await AzuriteFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await Azurite.DisposeAsync();
        File.Delete(KeyFile);
    }
}
