using System.Net;
using System.Net.Sockets;

namespace Revocation.Testing;

/// <summary>Free TCP ports on 127.0.0.1, found by binding port 0.</summary>
public static class FreePort
{
    /// <summary>A port that was free a moment ago (another process may still take it before you do).</summary>
    public static int Get() => Get(1)[0];

    /// <summary><paramref name="count"/> distinct free ports: all listeners are held until every port is known.</summary>
    public static int[] Get(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
                listener.Dispose();
            }
        }
    }
}
