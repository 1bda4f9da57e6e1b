using System.Text;
using Revocation.Core.Revocation;
using Revocation.Providers.GitHub;
using Revocation.Providers.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Revocation.Providers.Tests.Providers;

/// <summary>
/// <c>oauth-token</c> 404/422: GitHub says 404 both for an unknown token and for client credentials it rejects, so
/// AlreadyGone needs "check a token" 404 and the client credentials proven by <c>GET /rate_limit</c>.
/// </summary>
public sealed class GitHubOAuthTokenRevocationTests : IDisposable
{
    private const string OAuthPath = "/applications/revoker client/token";
    private readonly ProviderHost host = new();

    public void Dispose() => host.Dispose();

    private void Answer(string method, string path, int status, string body = """{"message":"Not Found"}""") =>
        host.Server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(
            Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    private void AnswerRateLimit(int status, int limit) =>
        Answer("GET", "/rate_limit", status, $$$"""{"resources":{"core":{"limit":{{{limit}}}}},"rate":{"limit":{{{limit}}},"remaining":4999}}""");

    private Task<RevocationOutcome> RevokeAsync() => host.RevokeAsync(GitHubRevocationProvider.KindName, "oauth-token");

    [Theory]
    [InlineData(404)]
    [InlineData(422)]
    public async Task RevokeAsync_DeleteAndCheckNotFoundWithCredentialsProven_AlreadyGone(int status)
    {
        Answer("DELETE", OAuthPath, status);
        Answer("POST", OAuthPath, 404);
        AnswerRateLimit(200, 5000);

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.AlreadyGone, outcome.Kind);
        Assert.Contains("client credentials proven valid", outcome.Detail, StringComparison.Ordinal);
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("revoker client:" + ProviderHost.ClientSecret));
        Assert.All(host.Server.LogEntries, e => Assert.Equal(basic, e.RequestMessage.Headers!["Authorization"].Single()));
        Assert.Equal(1, host.Calls("/rate_limit"));
    }

    [Fact]
    public async Task RevokeAsync_404WithBadClientCredentials_FailedMisconfiguredNotGone()
    {
        // Wrong client secret: GitHub answers 404 to the delete and to "check a token", 401 to /rate_limit.
        Answer("DELETE", OAuthPath, 404);
        Answer("POST", OAuthPath, 404);
        Answer("GET", "/rate_limit", 401, """{"message":"Bad credentials"}""");

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith("provider may be misconfigured: HTTP 404 Not Found", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("HTTP 401 Bad credentials", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeAsync_404AndRateLimitOnlyAnonymous_FailedNotGone()
    {
        Answer("DELETE", OAuthPath, 404);
        Answer("POST", OAuthPath, 404);
        AnswerRateLimit(200, GitHubOAuthTokenRevocation.AnonymousRateLimit);

        Assert.Equal(RevocationOutcomeKind.Failed, (await RevokeAsync()).Kind);
    }

    [Fact]
    public async Task RevokeAsync_404ButCheckSaysValid_FailedWithoutCredentialProbe()
    {
        Answer("DELETE", OAuthPath, 404);
        Answer("POST", OAuthPath, 200, """{"id":1,"token":"[redacted by GitHub]"}""");
        AnswerRateLimit(200, 5000);

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.EndsWith("the token is still valid", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, host.Calls("/rate_limit"));
    }

    [Fact]
    public async Task RevokeAsync_422AndCheck422_FailedMisconfigured()
    {
        Answer("DELETE", OAuthPath, 422);
        Answer("POST", OAuthPath, 422, """{"message":"Validation Failed"}""");

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith("provider may be misconfigured", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeAsync_404AndCheckThrottled_RetryLater()
    {
        Answer("DELETE", OAuthPath, 404);
        host.Server.Given(Request.Create().WithPath(OAuthPath).UsingPost()).RespondWith(
            Response.Create().WithStatusCode(403).WithHeader("retry-after", "120").WithBody("""{"message":"secondary rate limit"}"""));

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(120), outcome.RetryAfter);
    }

    [Fact]
    public async Task RevokeAsync_Delete401_FailedWithoutReadBack()
    {
        Answer("DELETE", OAuthPath, 401, """{"message":"Bad credentials"}""");

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.Single(host.Server.LogEntries);
    }
}
