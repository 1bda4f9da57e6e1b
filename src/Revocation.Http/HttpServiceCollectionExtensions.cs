using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Revocation.Http;

public static class HttpServiceCollectionExtensions
{
    /// <summary>Registers the API's endpoints (each an <see cref="IApiEndpoint"/>); both hosts call this.</summary>
    public static IServiceCollection AddRevocationApi(this IServiceCollection services)
    {
        services.AddSingleton<Signals.SignalsEndpoint>();
        services.AddSingleton<IApiEndpoint>(sp => sp.GetRequiredService<Signals.SignalsEndpoint>());
        services.AddSingleton<DecisionsEndpoint>();
        services.AddSingleton<IApiEndpoint>(sp => sp.GetRequiredService<DecisionsEndpoint>());
        services.AddSingleton<DecisionFlushService>();
        return services;
    }

    /// <summary>Maps every registered endpoint at <c>POST /api/{route}</c> (the local host; the Functions app has a trigger per endpoint).</summary>
    public static IEndpointRouteBuilder MapRevocationApi(this IEndpointRouteBuilder routes, IEnumerable<IApiEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var endpoint in endpoints)
            routes.MapPost("/api/" + endpoint.Route, async (HttpContext context) =>
                await (await endpoint.HandleAsync(context.Request, context.RequestAborted)).ExecuteAsync(context));
        return routes;
    }
}
