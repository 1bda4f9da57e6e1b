using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Policy;
using Revocation.Signals;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Revocation.Pipeline.Tests.Signals;

/// <summary>
/// The JWKS cache against a real JWKS server on loopback, with the clock moved by hand: keys are fetched once and reused,
/// a rotated-in kid is fetched at most once a minute, made-up kids cost nothing more, stale keys are fetched again.
/// </summary>
public sealed class JwksCacheTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;
    private readonly JwksCache _cache;
    private readonly TransmitterPolicy _transmitter;

    public JwksCacheTests()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(JwksCache.HttpClientName);
        _services = services.BuildServiceProvider();
        _cache = new JwksCache(_services.GetRequiredService<IHttpClientFactory>(), Options.Create(new SignalOptions()), _time, NullLogger<JwksCache>.Instance);
        _transmitter = new TransmitterPolicy
        {
            Name = "okta", Issuer = "https://okta.example/", Source = "urn:idp:okta", Audience = "rx",
            JwksUri = new Uri($"{_server.Url}/jwks"), Events = [Core.Events.SetEventTypes.RiscAccountDisabled],
        };
    }

    private void Serve(params string[] kids) =>
        _server.Given(Request.Create().WithPath("/jwks").UsingGet()).RespondWith(Response.Create().WithHeader("Content-Type", "application/json")
            .WithBody(SetKeys.PublicJwks([.. kids.Select(k => SetKeys.Generate("ES256", k))]).ToJsonString()));

    private int Fetches => _server.LogEntries.Count(e => e.RequestMessage.Path == "/jwks");

    private async Task<IReadOnlyList<string>> KidsAsync(string kid) =>
        [.. (await _cache.GetAsync(_transmitter, kid, CancellationToken.None)).Keys.Select(k => k.Kid)];

    [Fact]
    public async Task GetAsync_RotationAndMadeUpKids_FetchOncePerIntervalAndAgainWhenStale()
    {
        Serve("a");
        Assert.Equal(["a"], await KidsAsync("a"));
        Assert.Equal(["a"], await KidsAsync("a"));
        Assert.Equal(1, Fetches);

        // The transmitter rotates in kid "b": within the minute after the last fetch, no refetch.
        _server.ResetMappings();
        Serve("a", "b");
        Assert.Equal(["a"], await KidsAsync("b"));
        Assert.Equal(1, Fetches);
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(["a", "b"], await KidsAsync("b"));
        Assert.Equal(2, Fetches);

        // A stream of made-up kids right after: served from the cache, no fetch.
        for (var i = 0; i < 20; i++) await KidsAsync($"made-up-{i}");
        Assert.Equal(2, Fetches);

        // Past the cache lifetime the keys are fetched again, even for a known kid.
        _time.Advance(TimeSpan.FromMinutes(10));
        await KidsAsync("a");
        Assert.Equal(3, Fetches);
    }

    [Fact]
    public async Task GetAsync_ServerFailsAfterKeysWereFetched_KeepsUsingTheKeysItHas()
    {
        Serve("a");
        await KidsAsync("a");
        _server.ResetMappings();
        _server.Given(Request.Create().WithPath("/jwks").UsingGet()).RespondWith(Response.Create().WithStatusCode(503));
        _time.Advance(TimeSpan.FromMinutes(11));

        var lookup = await _cache.GetAsync(_transmitter, "a", CancellationToken.None);

        Assert.Equal(2, Fetches);
        Assert.Equal(["a"], lookup.Keys.Select(k => k.Kid));
    }

    [Fact]
    public async Task GetAsync_ServerFailsFirst_ReportsTheStatusWithoutKeys()
    {
        _server.Given(Request.Create().WithPath("/jwks").UsingGet()).RespondWith(Response.Create().WithStatusCode(404));

        var lookup = await _cache.GetAsync(_transmitter, "a", CancellationToken.None);

        Assert.Empty(lookup.Keys);
        Assert.Contains("HTTP 404", lookup.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _server.Stop();
        _services.Dispose();
    }
}
