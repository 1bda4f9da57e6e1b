using System.Diagnostics;
using System.Globalization;
using System.Text;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>revctl as a separate process (the built revctl.dll under dotnet), with stdout and stderr redirected.</summary>
internal sealed class RevctlProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private RevctlProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>What the process wrote to stderr so far (it is still running).</summary>
    public string StdErrSoFar
    {
        get
        {
            lock (_stdout)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>src/Revocation.Cli/bin/&lt;Configuration&gt;/net10.0/revctl.dll, built through the project reference.</summary>
    public static string DllPath
    {
        get
        {
            // The test assembly runs from tests/Revocation.Cli.Tests/bin/<Configuration>/<tfm>/.
            var tfm = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = tfm.Parent!.Name;
            var path = Path.Combine(RepoRoot.Path, "src", "Revocation.Cli", "bin", configuration, tfm.Name, "revctl.dll");
            Assert.True(File.Exists(path), $"revctl is not built at {path}");
            return path;
        }
    }

    public static RevctlProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts revctl with <paramref name="environment"/> added to the test process's environment.</summary>
    public static RevctlProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet, [DllPath, .. args])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        var process = new Process { StartInfo = info };
        var revctl = new RevctlProcess(process);
        process.OutputDataReceived += (_, e) => revctl.Append(revctl._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => revctl.Append(revctl._stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return revctl;
    }

    /// <summary>Runs revctl to completion (at most <paramref name="timeout"/>).</summary>
    public static async Task<CliResult> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var revctl = Start(args);
        return await revctl.WaitAsync(timeout) ?? throw new TimeoutException($"revctl {string.Join(' ', args)} did not exit within {timeout}");
    }

    /// <summary>Sends SIGTERM, as a service manager or container runtime does (Process.Kill would send SIGKILL).</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill -TERM {Id} exited {kill.ExitCode}");
    }

    /// <summary>Kills the process with SIGKILL (a crash: nothing runs on the way out).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>The exit code and output, or null when the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<CliResult?> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        // The parameterless wait also waits for the redirected streams to reach end of file.
        _process.WaitForExit();
        lock (_stdout)
        {
            return new CliResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder sink, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stdout)
        {
            sink.Append(line).Append('\n');
        }
    }
}
