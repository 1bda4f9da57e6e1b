using System.Diagnostics;
using System.Globalization;

namespace Revocation.Faults;

/// <summary>
/// <c>revctl run</c> (the local host) as a supervised process: <see cref="KillAsync"/> sends SIGKILL, and
/// <see cref="StartAsync"/> starts it again. An exit nobody asked for is counted in <see cref="UnplannedExits"/>
/// and the host is started again after a second, as a service manager would (its last output is kept in
/// <see cref="LastUnplannedExit"/>).
/// </summary>
public sealed class RevctlHost(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment) : IAsyncDisposable
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disposed = new();
    private Process? _process;
    private bool _planned;
    private int _unplannedExits;
    private Queue<string> _output = new();

    public int UnplannedExits => Volatile.Read(ref _unplannedExits);

    public string? LastUnplannedExit { get; private set; }

    /// <summary>Notes for a report: the last unplanned exit with the output before it, and the host's last output when it did not drain.</summary>
    public IReadOnlyList<string> Notes(bool drained)
    {
        var notes = new List<string>();
        if (LastUnplannedExit is { } last) notes.Add($"last unplanned host exit: {last}");
        if (!drained) notes.Add($"host's last output: {RecentOutput}");
        return notes;
    }

    /// <summary>The last lines the current (or last) process wrote, stdout and stderr.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output) return string.Join(" | ", _output);
        }
    }

    /// <summary>Starts <c>revctl run</c> (no-op when it is running).</summary>
    public Task StartAsync()
    {
        lock (_gate)
        {
            if (_process is not null) return Task.CompletedTask;
            _planned = false;
            var info = new ProcessStartInfo(RevctlPath.DotnetHost, [RevctlPath.Dll, .. arguments])
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetTempPath(),
            };
            foreach (var (name, value) in environment) info.Environment[name] = value;
            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            var output = _output = new Queue<string>();
            void Keep(string? line)
            {
                if (line is null) return;
                lock (output)
                {
                    output.Enqueue(line);
                    if (output.Count > 40) output.Dequeue();
                }
            }

            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            _ = SuperviseAsync(process, output);
        }

        return Task.CompletedTask;
    }

    /// <summary>SIGKILL (kill -9): no shutdown, messages in flight stay leased.</summary>
    public Task KillAsync() => StopAsync(p => p.Kill(entireProcessTree: true));

    /// <summary>SIGTERM: revctl finishes the messages in flight and exits.</summary>
    public Task TerminateAsync() => StopAsync(p =>
    {
        using var term = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]);
        term.WaitForExit();
    });

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        await KillAsync();
        _disposed.Dispose();
    }

    private async Task StopAsync(Action<Process> signal)
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
            _planned = true;
        }

        if (process is null) return;
        try
        {
            if (!process.HasExited) signal(process);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        lock (_gate)
        {
            // So a StartAsync right after starts a new process, whether or not the supervisor has seen the exit yet.
            if (ReferenceEquals(process, _process)) _process = null;
        }
    }

    private async Task SuperviseAsync(Process process, Queue<string> output)
    {
        await process.WaitForExitAsync(CancellationToken.None);
        bool restart;
        lock (_gate)
        {
            restart = !_planned && ReferenceEquals(process, _process) && !_disposed.IsCancellationRequested;
            if (ReferenceEquals(process, _process)) _process = null;
            if (restart)
            {
                Interlocked.Increment(ref _unplannedExits);
                lock (output) LastUnplannedExit = $"exit {process.ExitCode}: {string.Join(" | ", output)}";
            }
        }

        process.Dispose();
        if (!restart) return;
        try
        {
            await Task.Delay(RestartDelay, _disposed.Token);
            await StartAsync();
        }
        catch (OperationCanceledException)
        {
            // Disposed meanwhile.
        }
    }
}
