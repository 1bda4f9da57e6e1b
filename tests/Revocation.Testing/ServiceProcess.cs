using System.Diagnostics;

namespace Revocation.Testing;

/// <summary>
/// A background service process (Azurite, the OAuth server) with its output captured. Disposing kills the
/// whole process tree by process id and waits for it to exit.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int MaxKeptLines = 200;
    private readonly Process _process;
    private readonly Queue<string> _stderr = new();
    private readonly Queue<string> _stdout = new();
    private readonly Lock _gate = new();
    private Action<string>? _onStdout;

    private ServiceProcess(Process process) => _process = process;

    /// <summary>A name for messages (the file started, unless told otherwise).</summary>
    public string Name { get; private init; } = "";

    /// <summary>The operating-system process id.</summary>
    public int Id { get; private set; }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>; stdin is closed.</summary>
    public static ServiceProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        Action<string>? onStdoutLine = null,
        string? name = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var service = new ServiceProcess(new Process { StartInfo = info, EnableRaisingEvents = true })
        {
            _onStdout = onStdoutLine,
            Name = name ?? Path.GetFileName(fileName),
        };
        service._process.OutputDataReceived += (_, e) => service.Keep(service._stdout, e.Data, stdout: true);
        service._process.ErrorDataReceived += (_, e) => service.Keep(service._stderr, e.Data, stdout: false);
        try
        {
            service._process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            service._process.Dispose();
            throw new InvalidOperationException($"Cannot start '{fileName}': {ex.Message}", ex);
        }

        service.Id = service._process.Id;
        service._process.StandardInput.Close();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Whether a process with this id is still running (false once it exited and was reaped).</summary>
    public static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The process's recent output (stdout and stderr, most recent lines) for error messages.</summary>
    public string Describe()
    {
        if (_process.HasExited)
        {
            _process.WaitForExit(); // drains the redirected output; must not run under _gate
        }

        lock (_gate)
        {
            var exit = _process.HasExited ? $"exited with code {_process.ExitCode}" : "still running";
            return $"process {Id} {exit}; stderr:\n{string.Join('\n', _stderr)}\nstdout:\n{string.Join('\n', _stdout)}";
        }
    }

    /// <summary>Sends <paramref name="signal"/> (a name <c>kill</c> takes: <c>USR2</c>, <c>STOP</c>, ...) to the process.</summary>
    public async Task SignalAsync(string signal)
    {
        using var sender = Process.Start("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await sender.WaitForExitAsync();
        if (sender.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {Id} failed with exit code {sender.ExitCode}.");
    }

    /// <summary>
    /// Sends SIGTERM (<c>kill -TERM</c>, as a service manager does) or, with <paramref name="kill"/>, SIGKILL to the
    /// process and waits up to <paramref name="timeout"/> for it to exit; throws if it is still running then.
    /// </summary>
    public async Task StopAsync(bool kill, TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (kill)
        {
            _process.Kill(entireProcessTree: true);
        }
        else
        {
            using var term = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"{Name} (process {Id}) did not exit within {timeout} of {(kill ? "SIGKILL" : "SIGTERM")}.");
        }
    }

    /// <summary>Kills the process tree (by id) and waits up to 10 s for the exit.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"Process {Id} did not exit within 10 s of being killed.");
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Keep(Queue<string> lines, string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            lines.Enqueue(line);
            if (lines.Count > MaxKeptLines)
            {
                lines.Dequeue();
            }
        }

        if (stdout)
        {
            _onStdout?.Invoke(line);
        }
    }
}
