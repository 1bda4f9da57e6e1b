using System.Globalization;

namespace Revocation.Testing;

/// <summary>
/// Azurite that can be stopped (SIGTERM or SIGKILL) and started again with its data: on-disk persistence in a
/// folder of its own (<c>--location</c>, not <c>--inMemoryPersistence</c>) on three ports chosen once, so a
/// restart answers at the same <see cref="ConnectionString"/>. For fault tests; <see cref="AzuriteFixture"/> is
/// the in-memory one for everything else. Azurite 3.37 saves its metadata (LokiJS) every 5 s and on a clean
/// exit: a SIGKILL loses what it acknowledged in its last seconds, which Azure Storage never does.
/// </summary>
public sealed class PersistentAzurite : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly int[] _ports = FreePort.Get(3);
    private ServiceProcess? _process;

    private PersistentAzurite(string location) => Location = location;

    /// <summary>The folder holding Azurite's data (deleted on dispose).</summary>
    public string Location { get; }

    /// <summary>Whether Azurite is running (false between <see cref="StopAsync"/> and <see cref="RestartAsync"/>).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>A full devstoreaccount1 connection string; the same across restarts.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteFixture.AccountKey};" +
        $"BlobEndpoint={Endpoint(_ports[0])};QueueEndpoint={Endpoint(_ports[1])};TableEndpoint={Endpoint(_ports[2])};";

    /// <summary>Starts Azurite with a fresh data folder; dispose the result to stop it and delete the folder.</summary>
    public static async Task<PersistentAzurite> StartAsync(CancellationToken cancellationToken = default)
    {
        var location = Path.Combine(Path.GetTempPath(), "azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(location);
        var azurite = new PersistentAzurite(location);
        try
        {
            await azurite.StartCoreAsync(cancellationToken);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops Azurite: SIGKILL with <paramref name="kill"/>, else SIGTERM (it saves its data and exits).</summary>
    public async Task StopAsync(bool kill)
    {
        var process = _process ?? throw new InvalidOperationException("Azurite is not started.");
        await process.StopAsync(kill, StopTimeout);
        await process.DisposeAsync();
        _process = null;
    }

    /// <summary>Starts Azurite again on the same ports and data folder.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        IsRunning ? throw new InvalidOperationException("Azurite is still running: stop it first.") : StartCoreAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }

        try
        {
            Directory.Delete(Location, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private static string Endpoint(int port) =>
        string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/devstoreaccount1");

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var azurite = RepoRoot.RequireNodeModule(Path.Combine(".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite"));
        string Port(int i) => _ports[i].ToString(CultureInfo.InvariantCulture);
        string[] arguments =
        [
            "--silent", "--location", Location, "--skipApiVersionCheck", "--loose",
            // Without this Azurite 3.37 sends telemetry and, with no route out, takes minutes to exit on SIGTERM.
            "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", Port(0),
            "--queueHost", "127.0.0.1", "--queuePort", Port(1),
            "--tableHost", "127.0.0.1", "--tablePort", Port(2),
        ];
        var process = _process = ServiceProcess.Start(azurite, arguments, Location, name: "Azurite");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            foreach (var port in _ports)
            {
                await Readiness.WaitForTcpAsync(process, port, timeout.Token);
            }

            await Readiness.WaitForHttpAsync(process, new Uri($"{Endpoint(_ports[2])}/Tables"), timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            var described = process.Describe();
            await process.DisposeAsync();
            _process = null;
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new InvalidOperationException($"Azurite did not answer on ports {string.Join('/', _ports)}: {described}", ex);
        }
    }
}
