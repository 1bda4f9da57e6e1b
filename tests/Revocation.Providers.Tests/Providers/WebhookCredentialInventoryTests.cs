using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Discovery;
using Revocation.Core.Policy;
using Revocation.Providers.Tests.Support;
using Revocation.Providers.Webhook;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Revocation.Providers.Tests.Providers;

/// <summary>A webhook provider's optional inventory: signed GETs, the documented page format, paging by next.</summary>
public sealed class WebhookCredentialInventoryTests : IDisposable
{
    private const string Path = "/hooks/inventory";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private readonly ProviderHost host;
    private readonly ListingDriver driver;

    public WebhookCredentialInventoryTests()
    {
        host = new ProviderHost(time);
        driver = new ListingDriver(time);
    }

    public void Dispose() => host.Dispose();

    private ProviderPolicy Policy(bool withInventory = true) => host.Policy(WebhookRevocationProvider.KindName, TimeSpan.FromHours(1)) with
    {
        InventoryUrl = withInventory ? new Uri(host.BaseAddress, Path) : null,
    };

    private void Answer(string? cursor, int status, string body, string? scenario = null, string? whenState = null, string? setState = null,
        params (string Name, string Value)[] headers)
    {
        var request = Request.Create().WithPath(Path).UsingGet();
        request = cursor is null ? request : request.WithParam("cursor", cursor);
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        var given = host.Server.Given(request).AtPriority(cursor is null ? 10 : 5);
        given = scenario is null ? given : given.InScenario(scenario);
        given = whenState is null ? given : given.WhenStateIs(whenState);
        given = setState is null ? given : given.WillSetStateTo(setState);
        given.RespondWith(response);
    }

    private Task<IReadOnlyList<DiscoveredCredential>> ListAsync(ProviderPolicy? policy = null) => driver.RunAsync(() =>
        host.Inventory(WebhookRevocationProvider.KindName).ListAsync(policy ?? Policy(), CancellationToken.None));

    [Fact]
    public async Task ListAsync_TwoPagesByNext_EveryEntryAndEachRequestSigned()
    {
        Answer(null, 200, """
            {"credentials":[{"handle":"vendor-key-17","kind":"api-key","displayName":"etl","container":"vendor","owner":"alice@contoso.com",
              "createdAt":"2026-01-01T00:00:00Z","expiresAt":"2027-01-01T00:00:00Z","lastUsedAt":"2026-11-01T00:00:00Z"}],
             "next":"/hooks/inventory?cursor=2"}
            """);
        Answer("2", 200, """{"credentials":[{"handle":"vendor-key-18","kind":"api-key"}],"next":null}""");

        var list = await ListAsync();

        Assert.Equal(["vendor-key-17", "vendor-key-18"], list.Select(c => c.Handle));
        var first = list[0];
        Assert.Equal(("api-key", "etl", "vendor", "alice@contoso.com"), (first.CredentialKind, first.DisplayName, first.Container, first.Owner));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), first.LastUsedAt);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), first.ExpiresAt);
        Assert.Equal(2, host.Calls(Path));
        Assert.All(host.Server.LogEntries, e =>
        {
            var timestamp = e.RequestMessage.Headers!["X-Revocation-Timestamp"].Single();
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(ProviderHost.SigningKey), Encoding.UTF8.GetBytes(timestamp + "."));
            Assert.Equal("sha256=" + Convert.ToHexStringLower(mac), e.RequestMessage.Headers["X-Revocation-Signature"].Single());
            Assert.True(long.Parse(timestamp, CultureInfo.InvariantCulture) >= time.GetUtcNow().AddMinutes(-5).ToUnixTimeSeconds());
        });
    }

    [Fact]
    public async Task ListAsync_503WithRetryAfter_WaitsThenCompletes()
    {
        Answer(null, 503, "{}", "busy", setState: "ok", headers: ("Retry-After", "20"));
        Answer(null, 200, """{"credentials":[{"handle":"k1","kind":"api-key"}]}""", "busy", whenState: "ok");

        var list = await ListAsync();

        Assert.Equal("k1", Assert.Single(list).Handle);
        Assert.True(driver.Elapsed >= TimeSpan.FromSeconds(20), driver.Elapsed.ToString());
    }

    [Fact]
    public async Task ListAsync_NoInventoryUrl_IncompleteNotEmpty()
    {
        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(() => ListAsync(Policy(withInventory: false)));

        Assert.Equal("no inventoryUrl in the provider policy: this webhook provider cannot list", ex.Reason);
        Assert.Empty(host.Server.LogEntries);
    }

    [Theory]
    [InlineData(401, """{"credentials":[]}""", "HTTP 401")]
    [InlineData(200, """{"credentials":[{"kind":"api-key"}]}""", "a listed credential without handle or kind")]
    [InlineData(200, """[]""", "page is not an object with a credentials array")]
    [InlineData(200, """{"credentials":[],"next":"https://evil.example/next"}""", "next points to another host: not followed")]
    public async Task ListAsync_BrokenAnswer_Incomplete(int status, string body, string reason)
    {
        Answer(null, status, body);

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(() => ListAsync());

        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public async Task ListAsync_OutageOnPage2_IncompleteNotPartial()
    {
        Answer(null, 200, """{"credentials":[{"handle":"k1","kind":"api-key"}],"next":"/hooks/inventory?cursor=2"}""");
        Answer("2", 500, "{}");

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(() => ListAsync());

        Assert.StartsWith("HTTP 500; retry budget spent", ex.Reason, StringComparison.Ordinal);
    }
}
