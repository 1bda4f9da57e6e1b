using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace Revocation.Testing;

/// <summary>
/// Azurite (from the repository's node_modules) in memory on three free loopback ports. Use it as an xunit
/// class or collection fixture, or call <see cref="StartAsync(CancellationToken)"/> and dispose it yourself.
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key.</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string AccountName = "devstoreaccount1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private ServiceProcess? _process;
    private AzuriteTls? _tls;
    private bool _keyIndex;
    private int _settles;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>The Azurite (node) process id, for checks that it is gone after disposal.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("Azurite is not started.");

    /// <summary>How long the start took (process start until every endpoint answered).</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>The table service endpoint (path-style, with the account).</summary>
    public Uri TableEndpoint => new(Endpoint(TablePort));

    /// <summary>The queue service endpoint (path-style, with the account).</summary>
    public Uri QueueEndpoint => new(Endpoint(QueuePort));

    /// <summary>A full devstoreaccount1 connection string with the blob, queue and table endpoints.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol={Scheme};AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={Endpoint(BlobPort)};QueueEndpoint={Endpoint(QueuePort)};TableEndpoint={Endpoint(TablePort)};";

    /// <summary>Starts Azurite outside xunit (benchmarks, tools); dispose the result to stop it.</summary>
    public static Task<AzuriteFixture> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(keyIndex: false, cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(CancellationToken)"/>, with <c>tools/azurite/key-index.cjs</c> preloaded: point lookups
    /// use the narrower of Azurite's two key indexes instead of scanning every entity with the same RowKey (see that
    /// file and bench/README.md). For benchmarks over large tables; same answers.
    /// </summary>
    public static async Task<AzuriteFixture> StartAsync(bool keyIndex, CancellationToken cancellationToken = default)
    {
        var fixture = new AzuriteFixture { _keyIndex = keyIndex };
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

    Task IAsyncLifetime.InitializeAsync() => StartCoreAsync(CancellationToken.None);

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private string Scheme => _tls is null ? "http" : "https";

    private string Endpoint(int port) =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme}://127.0.0.1:{port}/{AccountName}");

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var azurite = RepoRoot.RequireNodeModule(
            Path.Combine(".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite"));
        var stopwatch = Stopwatch.StartNew();

        // Another process may grab a port between FreePort and Azurite's bind: retry with new ports then.
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePort.Get(3);
            (BlobPort, QueuePort, TablePort) = (ports[0], ports[1], ports[2]);
            _process = ServiceProcess.Start(azurite, Arguments(), Path.GetTempPath(), name: "Azurite", environment: KeyIndexEnvironment());
            try
            {
                await WaitUntilReadyAsync(_process, cancellationToken);
                StartupTime = stopwatch.Elapsed;
                return;
            }
            catch (Exception ex)
            {
                // Stop it here rather than rely on the caller disposing a fixture whose start failed.
                var portTaken = ex is InvalidOperationException && _process.HasExited
                    && _process.Describe().Contains("EADDRINUSE", StringComparison.Ordinal);
                await _process.DisposeAsync();
                _process = null;
                if (!portTaken || attempt == 3)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// Runs a full garbage collection in Azurite and waits for it (key-index preload only, which does it on SIGUSR2 and
    /// says so): benchmarks settle the emulator before a timed phase, so that the setup's garbage is not collected in it.
    /// </summary>
    public async Task SettleAsync(CancellationToken cancellationToken = default)
    {
        if (!KeyIndex || _process is null) throw new InvalidOperationException("Settling needs Azurite started with the key-index preload.");
        var done = $"azurite-key-index: settled {++_settles}";
        await _process.SignalAsync("USR2");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!_process.Describe().Contains(done, StringComparison.Ordinal))
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Whether the key-index preload is on (it says so on stderr when Azurite loads it).</summary>
    public bool KeyIndex => _keyIndex && (_process?.Describe().Contains("azurite-key-index:", StringComparison.Ordinal) ?? false);

    private Dictionary<string, string>? KeyIndexEnvironment()
    {
        if (!_keyIndex)
        {
            return null;
        }

        var preload = Path.Combine(RepoRoot.Path, "tools", "azurite", "key-index.cjs");
        if (!File.Exists(preload))
        {
            throw new InvalidOperationException($"'{preload}' is missing: the key-index preload is part of the repository.");
        }

        // A larger young generation for V8 (64 MB semi-spaces, default 16): with hundreds of thousands of entities in memory,
        // fewer request objects survive into the old generation, whose collections stop Azurite's only thread. Measured:
        // the 100,000-token incident bench 1.66x -> 1.51x direct, seeding 185 s -> 164 s (bench/README.md).
        return new() { ["NODE_OPTIONS"] = $"--require \"{preload}\" --max-semi-space-size=64" };
    }

    private string[] Arguments() => _tls is null ? PlainArguments() :
        [.. PlainArguments(), "--oauth", "basic", "--cert", _tls.CertificatePath, "--key", _tls.KeyPath];

    private string[] PlainArguments() =>
    [
        "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
        // In memory: nothing is written to the working folder (and --location is refused with it).
        // Without this Azurite 3.37 sends telemetry and, with no route out, takes minutes to exit on SIGTERM.
        "--disableTelemetry",
        "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture),
        "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
        "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
    ];

    private async Task WaitUntilReadyAsync(ServiceProcess process, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            foreach (var port in new[] { BlobPort, QueuePort, TablePort })
            {
                await Readiness.WaitForTcpAsync(process, port, timeout.Token);
            }

            // Unauthenticated, so 403: any HTTP answer shows the table service is serving.
            using var handler = _tls?.CreateHandler();
            await Readiness.WaitForHttpAsync(process, new Uri($"{Endpoint(TablePort)}/Tables"), handler, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"Azurite did not answer on ports {BlobPort}/{QueuePort}/{TablePort} within {StartTimeout.TotalSeconds} s: " +
                process.Describe());
        }
    }
}
