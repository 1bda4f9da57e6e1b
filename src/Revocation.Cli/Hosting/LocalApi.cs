using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Revocation.Http;

namespace Revocation.Cli.Hosting;

/// <summary>
/// <c>revctl run</c>'s HTTP API: every <see cref="IApiEndpoint"/> at <c>POST /api/{route}</c> on a loopback port (default 7071,
/// the Functions host's), served by Kestrel over the same services as the queue consumers. Loopback only: to serve other
/// machines, deploy the Functions app (function keys, Entra ID). When <c>REVCTL_API_KEY</c> is set, every request needs that
/// key as the Functions host wants a function key (<c>x-functions-key</c> header or <c>?code=</c>), else 401
/// (<see cref="ApiKeyCheck"/>); unset, any local process may call it. The decisions' uses and denials are written while it
/// runs and once more when it stops (<see cref="DecisionFlushService"/>).
/// </summary>
internal sealed class LocalApi : IAsyncDisposable
{
    public const int DefaultPort = 7071;

    private readonly WebApplication _app;
    private readonly DecisionFlushService _flush;

    private LocalApi(WebApplication app, Uri address, DecisionFlushService flush)
    {
        _app = app;
        Address = address;
        _flush = flush;
    }

    public Uri Address { get; }

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0: a free port); a port in use is a usage error.</summary>
    public static async Task<LocalApi> StartAsync(IServiceProvider services, int port, CancellationToken cancellationToken)
    {
        var endpoints = services.GetServices<IApiEndpoint>().ToList();
        var app = LoopbackWebApplication.Create(port);
        if (Environment.GetEnvironmentVariable(ApiKeyCheck.EnvironmentVariable) is { Length: > 0 } key)
            app.Use(new ApiKeyCheck(key).Wrap);
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
        var flush = services.GetRequiredService<DecisionFlushService>();
        await flush.StartAsync(cancellationToken);
        var api = new LocalApi(app, bound, flush);
        HostLog.ApiListening(services.GetRequiredService<ILogger<LocalApi>>(), bound.ToString(),
            endpoints.Count == 0 ? "no endpoints" : string.Join(", ", endpoints.Select(e => "POST /api/" + e.Route)));
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        // After the server stopped: the last decisions' uses and denials are written before revctl exits.
        await _flush.StopAsync(CancellationToken.None);
    }
}
