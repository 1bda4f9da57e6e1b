using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Http;
using Revocation.Storage;

namespace Revocation.Functions.Tests.Decisions;

/// <summary>
/// One instance of the Functions app as far as <see cref="DecisionsFunction"/> is concerned: the app's composition root
/// (<see cref="FunctionsServiceCollectionExtensions.AddRevocationFunctions"/>) over Azurite, and its trigger class served by
/// Kestrel on loopback at <c>POST /api/decisions</c>, behind the Functions host's key check as the host applies it for
/// <c>AuthorizationLevel.Function</c> (<see cref="ApiKeyCheck"/>; Core Tools cannot run here). Two hosts over one storage
/// account are two instances, each with its own cache.
/// </summary>
internal sealed class FunctionsApiHost : IAsyncDisposable
{
    public const string Key = "test-function-key-0123456789";

    private readonly WebApplication _app;

    private FunctionsApiHost(WebApplication app, ServiceProvider services, HttpClient client)
    {
        _app = app;
        Services = services;
        Client = client;
    }

    public ServiceProvider Services { get; }

    /// <summary>Sends the function key unless a test removes it.</summary>
    public HttpClient Client { get; }

    public static async Task<FunctionsApiHost> StartAsync(string connectionString, string policyFile, FakeTimeProvider time,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["RevocationStorage"] = connectionString,
            ["Revocation:PolicyFile"] = policyFile,
            ["Revocation:Offboarding:InlineBudget"] = "00:00:00",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddRevocationFunctions(configuration);
        services.AddSingleton<TimeProvider>(time);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await StorageProvisioner.EnsureAsync(provider.GetRequiredService<StorageClients>(), CancellationToken.None);

        var app = LoopbackWebApplication.Create(0);
        app.Use(new ApiKeyCheck(Key).Wrap);
        app.MapPost("/api/" + DecisionsFunction.Route, async (HttpContext context) =>
        {
            var function = ActivatorUtilities.CreateInstance<DecisionsFunction>(provider);
            var result = await function.RunAsync(context.Request, context.RequestAborted);
            await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        });
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Add(ApiKeyCheck.HeaderName, Key);
        return new FunctionsApiHost(app, provider, client);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Hands an event to the app's intake, as the queue trigger does.</summary>
    public async Task DeliverAsync(string body, string queue = QueueNames.TokenEvents)
    {
        var result = await Get<IntakeService>().HandleAsync(new IntakeMessage(queue, Guid.NewGuid().ToString("N"), body, 1), CancellationToken.None);
        Assert.True(result.Outcome is IntakeOutcome.Accepted, $"{result.Outcome} {result.Reason}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Services.DisposeAsync();
    }
}
