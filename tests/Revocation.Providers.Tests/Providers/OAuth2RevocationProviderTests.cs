using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Revocation;
using Revocation.Providers.OAuth2;
using Revocation.Providers.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Revocation.Providers.Tests.Providers;

public sealed class OAuth2RevocationProviderTests : IDisposable
{
    private const string Path = "/oauth2/revoke";
    private readonly ProviderHost host = new();

    public void Dispose() => host.Dispose();

    private void Answer(int status, string? body = null, string? retryAfter = null, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status);
        if (body is not null)
        {
            response = response.WithHeader("Content-Type", "application/json").WithBody(body);
        }

        if (retryAfter is not null)
        {
            response = response.WithHeader("Retry-After", retryAfter);
        }

        if (delay is not null)
        {
            response = response.WithDelay(delay.Value);
        }

        host.Server.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(response);
    }

    [Fact]
    public async Task RevokeAsync_200_RevokedWithBasicAuthAndFormBody()
    {
        Answer(200);

        var outcome = await host.RevokeAsync(OAuth2RevocationProvider.KindName, null);

        Assert.Equal(RevocationOutcomeKind.Revoked, outcome.Kind);
        var request = Assert.Single(host.Server.LogEntries).RequestMessage;
        Assert.Equal($"token={ProviderHost.TokenValue}&token_type_hint=access_token", request.Body);
        // RFC 6749 §2.3.1: "revoker client" is form-encoded ("revoker+client") before base64.
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes("revoker+client:" + ProviderHost.ClientSecret));
        Assert.Equal("Basic " + expected, request.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task RevokeAsync_ClientSecretPost_SendsCredentialsInBody()
    {
        Answer(200);
        var policy = host.Policy(OAuth2RevocationProvider.KindName) with { ClientAuthMethod = "client_secret_post", TokenTypeHint = "refresh_token" };

        var outcome = await host.RevokeAsync(OAuth2RevocationProvider.KindName, null, policy: policy);

        Assert.Equal(RevocationOutcomeKind.Revoked, outcome.Kind);
        var request = Assert.Single(host.Server.LogEntries).RequestMessage;
        Assert.Contains("token_type_hint=refresh_token", request.Body, StringComparison.Ordinal);
        Assert.Contains("client_id=revoker+client", request.Body, StringComparison.Ordinal);
        Assert.False(request.Headers!.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(200, """{"error":"invalid_token"}""")] // Keycloak
    [InlineData(400, """{"error":"invalid_token","error_description":"unknown token"}""")] // Salesforce, Google
    public async Task RevokeAsync_InvalidTokenAnswer_AlreadyGone(int status, string body)
    {
        Answer(status, body);

        var outcome = await host.RevokeAsync(OAuth2RevocationProvider.KindName, null);

        Assert.Equal(RevocationOutcomeKind.AlreadyGone, outcome.Kind);
    }

    [Theory]
    [InlineData(400, "unsupported_token_type")]
    [InlineData(400, "invalid_request")]
    [InlineData(401, "invalid_client")]
    public async Task RevokeAsync_Permanent4xx_FailedNamingStatusAndCode(int status, string error)
    {
        Answer(status, $$"""{"error":"{{error}}","error_description":"rejected {{ProviderHost.TokenValue}}"}""");

        var outcome = await host.RevokeAsync(OAuth2RevocationProvider.KindName, null);

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith($"HTTP {status} {error}: rejected", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderHost.TokenValue, outcome.Detail, StringComparison.Ordinal);
        Assert.Single(host.Server.LogEntries);
    }

    [Fact]
    public async Task RevokeAsync_503WithLongRetryAfter_RetryLaterWithoutInProcessRetry()
    {
        Answer(503, retryAfter: "120");

        var outcome = await host.RevokeAsync(OAuth2RevocationProvider.KindName, null);

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(120), outcome.RetryAfter);
        Assert.Equal(1, host.Calls(Path));
    }

    [Fact]
    public async Task RevokeAsync_429WithShortRetryAfter_RetriedTwiceThenRetryLater()
    {
        Answer(429, retryAfter: "1");

        var outcome = await host.RevokeAsync(OAuth2RevocationProvider.KindName, null);

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), outcome.RetryAfter);
        Assert.Equal(3, host.Calls(Path));
    }

    [Fact]
    public async Task RevokeAsync_500ThenSuccess_RevokedAfterOneRetry()
    {
        host.Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(500));
        host.Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200));

        var outcome = await host.RevokeAsync(OAuth2RevocationProvider.KindName, null);

        Assert.Equal(RevocationOutcomeKind.Revoked, outcome.Kind);
        Assert.Equal(2, host.Calls(Path));
    }

    [Fact]
    public async Task RevokeAsync_ServerSlowerThanPolicyTimeout_RetryLaterTimeout()
    {
        Answer(200, delay: TimeSpan.FromSeconds(5));
        var policy = host.Policy(OAuth2RevocationProvider.KindName, TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();

        var outcome = await host.RevokeAsync(OAuth2RevocationProvider.KindName, null, policy: policy);

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        Assert.StartsWith("timeout", outcome.Detail, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task RevokeAsync_CallerCancels_Throws()
    {
        Answer(200, delay: TimeSpan.FromSeconds(5));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            host.RevokeAsync(OAuth2RevocationProvider.KindName, null, cancellationToken: cancel.Token));
    }

    [Theory]
    [InlineData(null, "no secretRef")]
    [InlineData("mem:missing", "secret not found in store")]
    public async Task RevokeAsync_NoTokenValue_FailedWithoutCall(string? secretRef, string detail)
    {
        var outcome = await host.RevokeAsync(OAuth2RevocationProvider.KindName, null, secretRef);

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith(detail, outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(host.Server.LogEntries);
    }

    [Fact]
    public async Task RevokeAsync_RetryAfterHttpDate_RelativeToInjectedClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        using var fakeHost = new ProviderHost(time);
        fakeHost.Server.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(
            Response.Create().WithStatusCode(503).WithHeader("Retry-After", "Sat, 28 Nov 2026 10:10:00 GMT"));

        var outcome = await fakeHost.RevokeAsync(OAuth2RevocationProvider.KindName, null);

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        Assert.Equal(TimeSpan.FromMinutes(10), outcome.RetryAfter);
        Assert.Equal(1, fakeHost.Calls(Path));
    }
}
