using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Revocation;
using Revocation.Providers.Tests.Support;
using Revocation.Providers.Webhook;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Revocation.Providers.Tests.Providers;

public sealed class WebhookRevocationProviderTests : IDisposable
{
    private const string Path = "/hooks/revoke";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private readonly ProviderHost host = new(new FakeTimeProvider(Now));

    public void Dispose() => host.Dispose();

    private void Answer(int status, string? retryAfter = null)
    {
        var response = Response.Create().WithStatusCode(status);
        host.Server.Given(Request.Create().WithPath(Path).UsingPost())
            .RespondWith(retryAfter is null ? response : response.WithHeader("Retry-After", retryAfter));
    }

    private Task<RevocationOutcome> RevokeAsync() =>
        host.RevokeAsync(WebhookRevocationProvider.KindName, "vendor-key-17", "mem:token");

    [Fact]
    public async Task RevokeAsync_2xx_RevokedWithIndependentlyVerifiableSignature()
    {
        Answer(202);

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Revoked, outcome.Kind);
        var request = Assert.Single(host.Server.LogEntries).RequestMessage;
        var timestamp = request.Headers!["X-Revocation-Timestamp"].Single();
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), timestamp);
        var rawBody = request.BodyAsBytes!;
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(ProviderHost.SigningKey), Encoding.UTF8.GetBytes(timestamp + "." + Encoding.UTF8.GetString(rawBody)));
        Assert.Equal("sha256=" + Convert.ToHexStringLower(mac), request.Headers["X-Revocation-Signature"].Single());
        Assert.True(WebhookSignature.Verify(ProviderHost.SigningKey, timestamp, request.Headers["X-Revocation-Signature"].Single(), rawBody, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task RevokeAsync_Body_CarriesReferencesNotTheTokenValue()
    {
        Answer(200);

        await RevokeAsync();

        var body = Assert.Single(host.Server.LogEntries).RequestMessage.Body!;
        Assert.DoesNotContain(ProviderHost.TokenValue, body, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderHost.SigningKey, body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("corp:tok-1", json.RootElement.GetProperty("tokenId").GetString());
        Assert.Equal("vendor-key-17", json.RootElement.GetProperty("handle").GetString());
        Assert.Equal("mem:token", json.RootElement.GetProperty("secretRef").GetString());
        Assert.Equal("expired", json.RootElement.GetProperty("reason").GetString());
        Assert.Equal("2026-11-28T10:00:00Z", json.RootElement.GetProperty("requestedAt").GetString());
    }

    [Theory]
    [InlineData(404, RevocationOutcomeKind.AlreadyGone)]
    [InlineData(410, RevocationOutcomeKind.AlreadyGone)]
    [InlineData(400, RevocationOutcomeKind.Failed)]
    [InlineData(401, RevocationOutcomeKind.Failed)]
    [InlineData(501, RevocationOutcomeKind.Failed)]
    public async Task RevokeAsync_4xx_Mapped(int status, RevocationOutcomeKind expected)
    {
        Answer(status);

        var outcome = await RevokeAsync();

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal($"HTTP {status}", outcome.Detail);
        Assert.Equal(1, host.Calls(Path));
    }

    [Fact]
    public async Task RevokeAsync_429WithLongRetryAfter_RetryLaterAfterIt()
    {
        Answer(429, "90");

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(90), outcome.RetryAfter);
        Assert.Equal(1, host.Calls(Path));
    }

    [Fact]
    public async Task RevokeAsync_500ThenSuccess_Revoked()
    {
        using var realTimeHost = new ProviderHost();
        realTimeHost.Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(500));
        realTimeHost.Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200));

        var outcome = await realTimeHost.RevokeAsync(WebhookRevocationProvider.KindName, "vendor-key-17");

        Assert.Equal(RevocationOutcomeKind.Revoked, outcome.Kind);
        Assert.Equal(2, realTimeHost.Calls(Path));
    }

    [Fact]
    public async Task RevokeAsync_Timeout_RetryLater()
    {
        using var realTimeHost = new ProviderHost();
        realTimeHost.Server.Given(Request.Create().WithPath(Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(5)));

        var outcome = await realTimeHost.RevokeAsync(WebhookRevocationProvider.KindName, "h",
            policy: realTimeHost.Policy(WebhookRevocationProvider.KindName, TimeSpan.FromSeconds(1)));

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
    }

    [Fact]
    public async Task RevokeAsync_SigningSecretMissing_FailedWithoutCall()
    {
        var policy = host.Policy(WebhookRevocationProvider.KindName) with { SigningSecretRef = "mem:nope" };

        var outcome = await host.RevokeAsync(WebhookRevocationProvider.KindName, "h", policy: policy);

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.Empty(host.Server.LogEntries);
    }

    [Fact]
    public void Verify_StaleTimestampOrTamperedBody_Rejected()
    {
        var body = "{\"tokenId\":\"t\"}"u8.ToArray();
        var timestamp = Now.ToUnixTimeSeconds();
        var signature = WebhookSignature.Compute("k", timestamp, body);
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);

        Assert.True(WebhookSignature.Verify("k", stamp, signature, body, Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("k", stamp, signature, body, Now.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("k", stamp, signature, "{\"tokenId\":\"u\"}"u8, Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("other", stamp, signature, body, Now, TimeSpan.FromMinutes(5)));
    }
}
