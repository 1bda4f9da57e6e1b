using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Revocation.Http;

namespace Revocation.Cli.Hosting;

/// <summary>
/// <c>revctl run</c>'s HTTP API: every <see cref="IApiEndpoint"/> at <c>POST /api/{route}</c> on a loopback port (default 7071,
/// the Functions host's), served by Kestrel over the same services as the queue consumers. Loopback only: to serve other
/// machines, deploy the Functions app (function keys, Entra ID).
/// </summary>
internal sealed class LocalApi : IAsyncDisposable
{
    public const int DefaultPort = 7071;

    private readonly WebApplication _app;

    private LocalApi(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0: a free port); a port in use is a usage error.</summary>
    public static async Task<LocalApi> StartAsync(IServiceProvider services, int port, CancellationToken cancellationToken)
    {
        var endpoints = services.GetServices<IApiEndpoint>().ToList();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        app.MapRevocationApi(endpoints);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new UsageException($"cannot listen on 127.0.0.1:{port} ({e.Message}); pass --port with a free port, or --port 0 for any");
        }
        var bound = app.Urls.Select(u => new Uri(u)).First();
        var api = new LocalApi(app, bound);
        HostLog.ApiListening(services.GetRequiredService<ILogger<LocalApi>>(), bound.ToString(),
            endpoints.Count == 0 ? "no endpoints" : string.Join(", ", endpoints.Select(e => "POST /api/" + e.Route)));
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
