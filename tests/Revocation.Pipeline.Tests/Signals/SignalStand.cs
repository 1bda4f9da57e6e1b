using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Storage;
using Revocation.Http;
using Revocation.Signals;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests.Signals;

/// <summary>
/// The real pipeline over Azurite with <c>POST /api/signals</c> served by Kestrel on a loopback port, mapped as
/// <c>revctl run</c> maps it (<c>MapRevocationApi</c>), and the intake queues drained
/// through the real intake service.
/// </summary>
internal sealed class SignalStand : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _keyFile;
    private AzuriteFixture? _azurite;

    private SignalStand(AzuriteFixture azurite, TestTransmitter partner, string keyFile, Pipeline pipeline, WebApplication app, Uri address)
    {
        _azurite = azurite;
        Partner = partner;
        _keyFile = keyFile;
        Pipeline = pipeline;
        _app = app;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The registered partner transmitter (<see cref="SignalPolicies"/>).</summary>
    public TestTransmitter Partner { get; }

    public Pipeline Pipeline { get; }

    public HttpClient Http { get; }

    /// <summary>Starts Azurite, the partner transmitter and the pipeline with <see cref="SignalPolicies.With"/> over <paramref name="policy"/>.</summary>
    public static async Task<SignalStand> StartAsync(string policy)
    {
        var azurite = await AzuriteFixture.StartAsync();
        var partner = new TestTransmitter(SignalPolicies.PartnerIssuer, SignalPolicies.Audience);
        var keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");
        var pipeline = new Pipeline(azurite.ConnectionString, SignalPolicies.With(policy, partner), keyFile, configure: services =>
        {
            services.AddRevocationSignals(new ConfigurationBuilder().Build());
            services.AddRevocationApi();
        });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapRevocationApi([pipeline.Get<Http.Signals.SignalsEndpoint>()]);
        await app.StartAsync();
        return new SignalStand(azurite, partner, keyFile, pipeline, app, new Uri(app.Urls.First()));
    }

    /// <summary>Stops Azurite (an outage); the stand keeps serving HTTP.</summary>
    public async Task StopStorageAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
        _azurite = null;
    }

    public async Task<HttpResponseMessage> PostAsync(string body, string contentType = SignalService.MediaType)
    {
        using var content = new StringContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Http.PostAsync(new Uri("/api/signals", UriKind.Relative), content);
    }

    /// <summary>Runs every message on the intake queues through the intake service until both are empty.</summary>
    public async Task<List<IntakeResult>> DrainIntakeAsync()
    {
        var results = new List<IntakeResult>();
        foreach (var name in new[] { QueueNames.IdentityEvents, QueueNames.TokenEvents })
        {
            var queue = Pipeline.Clients.Queues.GetQueueClient(name);
            while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value is { Length: > 0 } batch)
            {
                foreach (var m in batch)
                {
                    results.Add(await Pipeline.Get<IntakeService>().HandleAsync(
                        new IntakeMessage(name, m.MessageId, m.Body.ToString(), m.DequeueCount), CancellationToken.None));
                    await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                }
            }
        }
        return results;
    }

    /// <summary>Messages waiting on both intake queues.</summary>
    public async Task<int> QueuedAsync()
    {
        var total = 0;
        foreach (var name in new[] { QueueNames.IdentityEvents, QueueNames.TokenEvents })
            total += (await Pipeline.Clients.Queues.GetQueueClient(name).PeekMessagesAsync(32)).Value.Length;
        return total;
    }

    public async Task<List<Rejection>> RefusedAsync()
    {
        var list = new List<Rejection>();
        await foreach (var r in Pipeline.Get<IRejectionStore>().ListAsync(SignalService.RejectionQueue, CancellationToken.None)) list.Add(r);
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Pipeline.Dispose();
        await StopStorageAsync();
        Partner.Dispose();
        File.Delete(_keyFile);
    }
}
