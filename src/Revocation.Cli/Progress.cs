namespace Revocation.Cli;

/// <summary>
/// One status line on stderr, rewritten in place (<c>\r</c>) while long work runs and cleared at the end. Silent
/// when stderr is not a terminal or the caller asked for quiet (<c>--json</c>), so scripts and logs never see it.
/// </summary>
internal sealed class Progress : IDisposable
{
    /// <summary>At most this often: redrawing on every message would cost more than the work on a slow terminal.</summary>
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private readonly bool _enabled;
    private readonly TimeSpan _interval;
    // Not long.MinValue: "now - MinValue" overflows to a negative number and nothing would ever be drawn.
    private long? _lastDrawn;
    private int _width;

    public Progress(bool quiet, TimeSpan? interval = null)
    {
        _enabled = !quiet && !Console.IsErrorRedirected;
        _interval = interval ?? DefaultInterval;
    }

    /// <summary>Whether anything is drawn: stderr is a terminal and the caller did not ask for quiet.</summary>
    public bool Enabled => _enabled;

    public void Report(string status)
    {
        if (!_enabled) return;
        lock (_gate)
        {
            var now = Environment.TickCount64;
            if (now - _lastDrawn < _interval.TotalMilliseconds) return;
            _lastDrawn = now;
            Console.Error.Write("\r" + status.PadRight(_width));
            _width = status.Length;
        }
    }

    public void Dispose()
    {
        if (!_enabled) return;
        lock (_gate)
        {
            if (_width > 0) Console.Error.Write("\r" + new string(' ', _width) + "\r");
            _width = 0;
        }
    }
}
