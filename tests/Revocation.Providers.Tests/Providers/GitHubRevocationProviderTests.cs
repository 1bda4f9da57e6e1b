using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Revocation;
using Revocation.Providers.GitHub;
using Revocation.Providers.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Revocation.Providers.Tests.Providers;

public sealed class GitHubRevocationProviderTests : IDisposable
{
    private const string InstallationPath = "/installation/token";
    private const string OAuthPath = "/applications/revoker client/token";
    private const string PatPath = "/orgs/contoso/personal-access-tokens/4242";
    private readonly ProviderHost host = new();

    public GitHubRevocationProviderTests() => host.AnswerAppTokenMint(TimeProvider.System.GetUtcNow().AddHours(1));

    public void Dispose() => host.Dispose();

    private static void Answer(ProviderHost target, string path, string method, int status, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"message":"answer {{status}}"}""");
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        target.Server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(response);
    }

    private Task<RevocationOutcome> RevokeAsync(string handle) => host.RevokeAsync(GitHubRevocationProvider.KindName, handle);

    [Fact]
    public async Task RevokeAsync_InstallationToken204_RevokedWithTheTokenItselfAndGitHubHeaders()
    {
        Answer(host, InstallationPath, "DELETE", 204);

        var outcome = await RevokeAsync("installation-token");

        Assert.Equal(RevocationOutcomeKind.Revoked, outcome.Kind);
        var headers = Assert.Single(host.Server.LogEntries).RequestMessage.Headers!;
        Assert.Equal("Bearer " + ProviderHost.TokenValue, headers["Authorization"].Single());
        Assert.Equal("application/vnd.github+json", headers["Accept"].Single());
        Assert.Equal("2022-11-28", headers["X-GitHub-Api-Version"].Single());
        Assert.StartsWith("nhi-revocation/", headers["User-Agent"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeAsync_InstallationToken401_AlreadyGone()
    {
        Answer(host, InstallationPath, "DELETE", 401);

        Assert.Equal(RevocationOutcomeKind.AlreadyGone, (await RevokeAsync("installation-token")).Kind);
    }

    [Fact]
    public async Task RevokeAsync_OAuthToken204_RevokedWithBasicAuthAndBody()
    {
        Answer(host, OAuthPath, "DELETE", 204);

        var outcome = await RevokeAsync("oauth-token");

        Assert.Equal(RevocationOutcomeKind.Revoked, outcome.Kind);
        var request = Assert.Single(host.Server.LogEntries).RequestMessage;
        Assert.Equal(ProviderHost.TokenValue, JsonNode.Parse(request.Body!)!["access_token"]!.GetValue<string>());
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("revoker client:" + ProviderHost.ClientSecret));
        Assert.Equal("Basic " + basic, request.Headers!["Authorization"].Single());
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task RevokeAsync_RateLimitedWithRetryAfter_RetryLaterAfterIt(int status)
    {
        Answer(host, PatPath, "POST", status, ("retry-after", "60"));

        var outcome = await RevokeAsync("pat:4242");

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), outcome.RetryAfter);
        Assert.Equal(1, host.Calls(PatPath));
    }

    [Fact]
    public async Task RevokeAsync_403RateLimitRemainingZero_RetryLaterUntilReset()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        using var fakeHost = new ProviderHost(time);
        fakeHost.AnswerAppTokenMint(time.GetUtcNow().AddHours(1));
        var reset = time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Answer(fakeHost, PatPath, "POST", 403, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset));

        var outcome = await fakeHost.RevokeAsync(GitHubRevocationProvider.KindName, "pat:4242");

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), outcome.RetryAfter);
    }

    [Fact]
    public async Task RevokeAsync_429WithoutHints_RetriedThenRetryLaterOneMinute()
    {
        Answer(host, PatPath, "POST", 429);

        var outcome = await RevokeAsync("pat:4242");

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        Assert.Equal(TimeSpan.FromMinutes(1), outcome.RetryAfter);
        Assert.Equal(3, host.Calls(PatPath));
    }

    [Fact]
    public async Task RevokeAsync_Plain403_Failed()
    {
        Answer(host, PatPath, "POST", 403);

        var outcome = await RevokeAsync("pat:4242");

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("HTTP 403 answer 403", outcome.Detail);
    }

    [Fact]
    public async Task RevokeAsync_502ThenSuccess_Revoked()
    {
        host.Server.Given(Request.Create().WithPath(InstallationPath).UsingDelete()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(502));
        host.Server.Given(Request.Create().WithPath(InstallationPath).UsingDelete()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(204));

        Assert.Equal(RevocationOutcomeKind.Revoked, (await RevokeAsync("installation-token")).Kind);
        Assert.Equal(2, host.Calls(InstallationPath));
    }

    [Fact]
    public async Task RevokeAsync_Timeout_RetryLater()
    {
        host.Server.Given(Request.Create().WithPath(InstallationPath).UsingDelete())
            .RespondWith(Response.Create().WithStatusCode(204).WithDelay(TimeSpan.FromSeconds(5)));

        var outcome = await host.RevokeAsync(GitHubRevocationProvider.KindName, "installation-token",
            policy: host.Policy(GitHubRevocationProvider.KindName, TimeSpan.FromSeconds(1)));

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
    }

    [Theory]
    [InlineData("pat:abc")]
    [InlineData("pat:")]
    [InlineData("ghp_something")]
    [InlineData(null)]
    public async Task RevokeAsync_MalformedHandle_FailedWithoutCall(string? handle)
    {
        var outcome = await host.RevokeAsync(GitHubRevocationProvider.KindName, handle);

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith("malformed github handle", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(host.Server.LogEntries);
    }

    [Fact]
    public async Task RevokeAsync_InstallationToken403_FailedNotGone()
    {
        Answer(host, InstallationPath, "DELETE", 403);

        var outcome = await RevokeAsync("installation-token");

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("HTTP 403 answer 403", outcome.Detail);
    }
}
