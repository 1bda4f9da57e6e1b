using Microsoft.Extensions.Logging;

namespace Revocation.Cli.Hosting;

/// <summary>
/// The local host's view of storage being unreachable, shared by every consumer: a Warning when an outage starts
/// and one when storage answers again (not one per failed request), and the back-off between attempts, doubling
/// from <see cref="FirstBackoff"/> up to <see cref="MaxBackoff"/> so the host notices storage returning within seconds.
/// </summary>
internal sealed class StorageOutage(TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private int _failures;

    /// <summary>Records a failed storage call; returns how long to wait before the next attempt.</summary>
    public TimeSpan Failed(string queue, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_gate)
        {
            _failures++;
            var backoff = TimeSpan.FromTicks(Math.Min(FirstBackoff.Ticks << Math.Min(_failures - 1, 10), MaxBackoff.Ticks));
            if (_since is null)
            {
                _since = time.GetUtcNow();
                HostLog.StorageUnreachable(logger, queue, RunStats.OneLine(error), MaxBackoff);
            }
            return backoff;
        }
    }

    /// <summary>
    /// True for a failure that means storage did not answer (connection refused or reset, timeout, 5xx, 408), also when
    /// the Azure SDK wraps its last retries in an <see cref="AggregateException"/>; false for an answer (4xx) or a bug.
    /// </summary>
    public static bool IsUnreachable(Exception error) => error switch
    {
        Azure.RequestFailedException r => r.Status is 0 or 408 or >= 500,
        HttpRequestException or TimeoutException or System.Net.Sockets.SocketException => true,
        TaskCanceledException t => t.InnerException is TimeoutException,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsUnreachable),
        _ => error.InnerException is { } inner && IsUnreachable(inner),
    };

    /// <summary>Records a storage call that succeeded.</summary>
    public void Answered()
    {
        lock (_gate)
        {
            if (_since is { } since) HostLog.StorageReachable(logger, time.GetUtcNow() - since);
            (_since, _failures) = (null, 0);
        }
    }
}
