using Xunit;

namespace Revocation.Testing;

/// <summary>
/// Azurite in memory over https with bearer-token checks (<c>--oauth basic</c>), as an xunit class fixture: the
/// certificate in <see cref="Tls"/>, the service in <see cref="Azurite"/>. Shared keys work too.
/// </summary>
public sealed class SecureAzuriteFixture : IAsyncLifetime
{
    private AzuriteFixture? _azurite;

    /// <summary>The self-signed certificate Azurite serves; trust it with <see cref="AzuriteTls.CreateHandler"/>.</summary>
    public AzuriteTls Tls { get; } = new();

    /// <summary>The running Azurite (https endpoints, an https connection string).</summary>
    public AzuriteFixture Azurite => _azurite ?? throw new InvalidOperationException("Azurite is not started.");

    public async Task InitializeAsync() => _azurite = await AzuriteFixture.StartAsync(Tls);

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
        Tls.Dispose();
    }
}
