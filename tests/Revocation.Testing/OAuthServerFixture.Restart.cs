using System.Globalization;

namespace Revocation.Testing;

/// <summary>Stopping and restarting the server on the same port with the same token store (fault tests).</summary>
public sealed partial class OAuthServerFixture
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private int _port;
    private string? _storeFile;

    /// <summary>Whether the server process is running (false between <see cref="StopAsync"/> and <see cref="RestartAsync"/>).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Starts the server on a free port that it keeps across <see cref="StopAsync"/> / <see cref="RestartAsync"/>,
    /// with its tokens in <paramref name="storeFile"/> (server.mjs <c>--store</c>), so a restart (even after
    /// SIGKILL) still knows every token it issued and revoked. Dispose the result to stop it.
    /// </summary>
    public static async Task<OAuthServerFixture> StartPersistentAsync(string storeFile, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeFile);
        var fixture = new OAuthServerFixture { _port = FreePort.Get(), _storeFile = storeFile };
        try
        {
            await fixture.StartCoreAsync(cancellationToken);
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server: SIGKILL with <paramref name="kill"/>, else SIGTERM. Its port and store stay.</summary>
    public async Task StopAsync(bool kill)
    {
        var process = _process ?? throw new InvalidOperationException("The OAuth server is not started.");
        await process.StopAsync(kill, StopTimeout);
        await process.DisposeAsync();
        _process = null;
    }

    /// <summary>Starts the server again on the same port and store (after <see cref="StopAsync"/>).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (_storeFile is null || _port == 0)
        {
            throw new InvalidOperationException("Only a server from StartPersistentAsync can restart.");
        }

        if (IsRunning)
        {
            throw new InvalidOperationException("The OAuth server is still running: stop it first.");
        }

        await StartCoreAsync(cancellationToken);
        if (Issuer.Port != _port)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The OAuth server restarted on port {Issuer.Port}, not {_port}."));
        }
    }
}
