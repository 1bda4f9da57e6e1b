using System.Net.Sockets;

namespace Revocation.Testing;

/// <summary>Polls a starting <see cref="ServiceProcess"/> until it answers, failing fast if it exits.</summary>
public static class Readiness
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until 127.0.0.1:<paramref name="port"/> accepts a TCP connection.</summary>
    public static async Task WaitForTcpAsync(ServiceProcess process, int port, CancellationToken cancellationToken)
    {
        while (true)
        {
            ThrowIfExited(process);
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(PollInterval, cancellationToken);
            }
        }
    }

    /// <summary>Waits until <paramref name="url"/> gives any HTTP answer (whatever the status code).</summary>
    public static Task WaitForHttpAsync(ServiceProcess process, Uri url, CancellationToken cancellationToken) =>
        WaitForHttpAsync(process, url, handler: null, cancellationToken);

    /// <summary>Waits until <paramref name="url"/> gives any HTTP answer, sent through <paramref name="handler"/> when given
    /// (e.g. one that trusts a test certificate); the handler stays the caller's to dispose.</summary>
    public static async Task WaitForHttpAsync(ServiceProcess process, Uri url, HttpMessageHandler? handler, CancellationToken cancellationToken)
    {
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(5);
        while (true)
        {
            ThrowIfExited(process);
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException
                || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                await Task.Delay(PollInterval, cancellationToken);
            }
        }
    }

    /// <summary>Waits for <paramref name="task"/> (e.g. a line the process prints), checking that the process still runs.</summary>
    public static async Task<T> WaitForAsync<T>(ServiceProcess process, Task<T> task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        while (!task.IsCompleted)
        {
            ThrowIfExited(process);
            try
            {
                await task.WaitAsync(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (TimeoutException)
            {
                // Poll again: has it exited?
            }
        }

        return await task;
    }

    /// <summary>Throws with the process's output if it has exited.</summary>
    public static void ThrowIfExited(ServiceProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.HasExited)
        {
            throw new InvalidOperationException($"{process.Name} exited during startup: {process.Describe()}");
        }
    }
}
