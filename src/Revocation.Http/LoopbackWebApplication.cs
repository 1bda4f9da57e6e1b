using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Revocation.Http;

/// <summary>A minimal Kestrel app on 127.0.0.1 (no logging providers, no Server header): revctl run's API, and test and benchmark hosts.</summary>
public static class LoopbackWebApplication
{
    /// <summary>Built, not started; <paramref name="port"/> 0 takes any free port (read it from <c>Urls</c> after start).</summary>
    public static WebApplication Create(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(IPAddress.Loopback, port);
        });
        return builder.Build();
    }
}
