using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Revocation.Bench;

/// <summary>
/// Microsoft Graph's listing on loopback (Kestrel), in the shapes <c>GraphCredentialInventory</c> reads: pages of
/// <c>/v1.0/applications</c> (<c>$top</c> as asked, <c>@odata.nextLink</c> with <c>$skiptoken</c>), each application
/// with its password credentials and expanded owners; <c>/v1.0/applications/{id}/federatedIdentityCredentials</c>
/// (empty); <c>/v1.0/servicePrincipals</c> (one empty page). Every request waits <c>latency</c> before answering.
/// The inventory is mutable between runs (<see cref="Apps"/>); requests are counted by kind.
/// </summary>
internal sealed class GraphStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeSpan _latency;
    private long _applicationPages;
    private long _federatedRequests;
    private long _principalPages;

    private GraphStandIn(WebApplication app, TimeSpan latency, List<StandInApp> apps)
    {
        _app = app;
        _latency = latency;
        Apps = apps;
    }

    public List<StandInApp> Apps { get; }

    public string BaseAddress { get; private set; } = "";

    public long ApplicationPages => Interlocked.Read(ref _applicationPages);
    public long FederatedRequests => Interlocked.Read(ref _federatedRequests);
    public long PrincipalPages => Interlocked.Read(ref _principalPages);

    public void ResetCounts()
    {
        Interlocked.Exchange(ref _applicationPages, 0);
        Interlocked.Exchange(ref _federatedRequests, 0);
        Interlocked.Exchange(ref _principalPages, 0);
    }

    public static async Task<GraphStandIn> StartAsync(List<StandInApp> apps, TimeSpan latency, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new GraphStandIn(app, latency, apps);
        app.MapGet("/v1.0/applications", (Delegate)standIn.ApplicationsAsync);
        app.MapGet("/v1.0/applications/{id}/federatedIdentityCredentials", (Delegate)standIn.FederatedAsync);
        app.MapGet("/v1.0/servicePrincipals", (Delegate)standIn.PrincipalsAsync);
        await app.StartAsync(cancellationToken);
        standIn.BaseAddress = app.Urls.First().TrimEnd('/');
        return standIn;
    }

    private async Task<IResult> ApplicationsAsync(HttpContext context)
    {
        Interlocked.Increment(ref _applicationPages);
        await Task.Delay(_latency, context.RequestAborted);
        var top = int.TryParse(context.Request.Query["$top"], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : 100;
        var skip = int.TryParse(context.Request.Query["$skiptoken"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        List<string> items;
        bool more;
        lock (Apps)
        {
            items = [.. Apps.Skip(skip).Take(top).Select(Json)];
            more = skip + top < Apps.Count;
        }
        var next = more
            ? $"{BaseAddress}/v1.0/applications?$select=id,appId,displayName,passwordCredentials,keyCredentials&$expand=owners&$top={top}&$skiptoken={skip + top}"
            : null;
        return Page("applications", next, items);
    }

    private async Task<IResult> FederatedAsync(HttpContext context)
    {
        Interlocked.Increment(ref _federatedRequests);
        await Task.Delay(_latency, context.RequestAborted);
        return Page("applications('id')/federatedIdentityCredentials", null, []);
    }

    private async Task<IResult> PrincipalsAsync(HttpContext context)
    {
        Interlocked.Increment(ref _principalPages);
        await Task.Delay(_latency, context.RequestAborted);
        return Page("servicePrincipals", null, []);
    }

    private static IResult Page(string context, string? next, List<string> items)
    {
        var body = new StringBuilder();
        body.Append("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#").Append(context).Append("\",\"value\":[");
        body.AppendJoin(',', items).Append(']');
        if (next is not null) body.Append(",\"@odata.nextLink\":").Append(JsonSerializer.Serialize(next));
        body.Append('}');
        return Results.Text(body.ToString(), "application/json");
    }

    private static string Json(StandInApp app)
    {
        var secrets = string.Join(",", app.Secrets.Select(s => $$"""
            {"customKeyIdentifier":null,"displayName":{{JsonSerializer.Serialize(s.DisplayName)}},"endDateTime":"{{Time(s.End)}}","hint":"Ab1","keyId":"{{s.KeyId:D}}","secretText":null,"startDateTime":"{{Time(s.Start)}}"}
            """));
        return $$"""
            {"id":"{{app.Id:D}}","appId":"{{app.AppId:D}}","displayName":{{JsonSerializer.Serialize(app.Name)}},"passwordCredentials":[{{secrets}}],"keyCredentials":[],"owners":[{"@odata.type":"#microsoft.graph.user","id":"{{app.OwnerId:D}}","userPrincipalName":{{JsonSerializer.Serialize(app.Owner)}},"mail":{{JsonSerializer.Serialize(app.Owner)}}}]}
            """;
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One application of the stand-in's directory.</summary>
internal sealed class StandInApp(Guid id, Guid appId, string name, Guid ownerId, string owner)
{
    public Guid Id { get; } = id;
    public Guid AppId { get; } = appId;
    public string Name { get; } = name;
    public Guid OwnerId { get; } = ownerId;
    public string Owner { get; set; } = owner;
    public List<StandInSecret> Secrets { get; } = [];
}

/// <summary>One password credential of a <see cref="StandInApp"/>.</summary>
internal sealed record StandInSecret(Guid KeyId, string DisplayName, DateTimeOffset Start, DateTimeOffset End);
