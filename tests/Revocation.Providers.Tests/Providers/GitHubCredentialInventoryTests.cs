using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Discovery;
using Revocation.Providers.GitHub;
using Revocation.Providers.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Revocation.Providers.Tests.Providers;

/// <summary>The org's fine-grained PAT listing as the GitHub App: paging by Link, rate limits, failures as incomplete.</summary>
public sealed class GitHubCredentialInventoryTests : IDisposable
{
    private const string ListPath = "/orgs/contoso/personal-access-tokens";
    private const string Pat17 = """
        {"id":17,"owner":{"login":"octocat","id":1,"type":"User"},"repository_selection":"subset","repositories_url":"https://api.github.com/organizations/652551/personal-access-tokens/17/repositories",
         "permissions":{"organization":{"members":"read"},"repository":{"metadata":"read"}},"access_granted_at":"2026-03-05T00:00:00Z",
         "token_id":98716,"token_name":"deploy bot","token_expired":false,"token_expires_at":"2027-03-05T00:00:00Z","token_last_used_at":"2026-11-20T08:00:00Z"}
        """;
    private const string Pat18 = """{"id":18,"owner":{"login":"Hubot"},"access_granted_at":"2026-01-01T00:00:00Z","token_name":"ci","token_expired":false,"token_expires_at":null,"token_last_used_at":null}""";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private readonly ProviderHost host;
    private readonly ListingDriver driver;

    public GitHubCredentialInventoryTests()
    {
        host = new ProviderHost(time);
        driver = new ListingDriver(time);
        host.AnswerAppTokenMint(time.GetUtcNow().AddHours(1));
    }

    public void Dispose() => host.Dispose();

    private string NextPage => $"<{host.BaseAddress}orgs/contoso/personal-access-tokens?per_page=100&page=2>; rel=\"next\", <{host.BaseAddress}orgs/contoso/personal-access-tokens?per_page=100&page=2>; rel=\"last\"";

    private void Answer(int? page, int status, string body, string? link = null, string? scenario = null, string? whenState = null,
        string? setState = null, params (string Name, string Value)[] headers)
    {
        var request = Request.Create().WithPath(ListPath).UsingGet().WithParam("per_page", "100");
        request = page is { } p ? request.WithParam("page", p.ToString(CultureInfo.InvariantCulture)) : request;
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        response = link is null ? response : response.WithHeader("Link", link);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        var given = host.Server.Given(request).AtPriority(page is null ? 10 : 5);
        given = scenario is null ? given : given.InScenario(scenario);
        given = whenState is null ? given : given.WhenStateIs(whenState);
        given = setState is null ? given : given.WillSetStateTo(setState);
        given.RespondWith(response);
    }

    private Task<IReadOnlyList<DiscoveredCredential>> ListAsync() => driver.RunAsync(() =>
        host.Inventory(GitHubRevocationProvider.KindName).ListAsync(host.Policy(GitHubRevocationProvider.KindName, TimeSpan.FromHours(1)), CancellationToken.None));

    [Fact]
    public async Task ListAsync_TwoPages_EveryPatWithOwnerExpiryAndLastUse_AsTheAppInstallation()
    {
        Answer(null, 200, $"[{Pat17}]", NextPage);
        Answer(2, 200, $"[{Pat18}]");

        var list = await ListAsync();

        Assert.Equal(["pat:17", "pat:18"], list.Select(c => c.Handle));
        var pat = list[0];
        Assert.Equal(("pat", "deploy bot", "contoso", "octocat"), (pat.CredentialKind, pat.DisplayName, pat.Container, pat.Owner));
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero), pat.CreatedAt);
        Assert.Equal(new DateTimeOffset(2027, 3, 5, 0, 0, 0, TimeSpan.Zero), pat.ExpiresAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), pat.LastUsedAt);
        Assert.Equal(("Hubot", null, null), (list[1].Owner, list[1].ExpiresAt, list[1].LastUsedAt));
        Assert.All(host.Server.LogEntries.Where(e => e.RequestMessage.Path == ListPath),
            e => Assert.Equal("Bearer " + ProviderHost.AppToken, e.RequestMessage.Headers!["Authorization"].Single()));
        Assert.Equal(2, host.Calls(ListPath));
    }

    [Theory]
    [InlineData(429, "retry-after", "30")]
    [InlineData(403, "x-ratelimit-remaining", "0")]
    public async Task ListAsync_RateLimitedOnPage2_WaitsThenCompletes(int status, string header, string value)
    {
        Answer(null, 200, $"[{Pat17}]", NextPage);
        var reset = time.GetUtcNow().AddSeconds(40).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Answer(2, status, """{"message":"API rate limit exceeded"}""", scenario: "limit", setState: "ok", headers: [(header, value), ("x-ratelimit-reset", reset)]);
        Answer(2, 200, $"[{Pat18}]", scenario: "limit", whenState: "ok");

        var list = await ListAsync();

        Assert.Equal(["pat:17", "pat:18"], list.Select(c => c.Handle));
        Assert.True(driver.Elapsed >= TimeSpan.FromSeconds(30), driver.Elapsed.ToString());
    }

    [Fact]
    public async Task ListAsync_RateLimitPastTheBudget_Incomplete()
    {
        Answer(null, 200, $"[{Pat17}]", NextPage);
        var reset = time.GetUtcNow().AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Answer(2, 403, """{"message":"API rate limit exceeded"}""", headers: [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset)]);

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(ListAsync);

        Assert.StartsWith("HTTP 403 rate limited (x-ratelimit-reset); retry budget spent", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_UnknownOrg404_IncompleteNamingThePermission()
    {
        Answer(null, 404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(ListAsync);

        Assert.Equal("test-github", ex.Provider);
        Assert.StartsWith("HTTP 404 Not Found: the GitHub App needs the organization permission \"Personal access tokens\" (read)", ex.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderHost.AppToken, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_OutageOnPage2_IncompleteNotPartial()
    {
        Answer(null, 200, $"[{Pat17}]", NextPage);
        Answer(2, 502, "bad gateway");

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(ListAsync);

        Assert.Contains("HTTP 502", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_NextLinkToAnotherHost_NotFollowedIncomplete()
    {
        Answer(null, 200, $"[{Pat17}]", "<https://evil.example/orgs/contoso/personal-access-tokens?page=2>; rel=\"next\"");

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(ListAsync);

        Assert.Contains("another host", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(1, host.Calls(ListPath));
    }

    [Fact]
    public async Task ListAsync_EntryWithoutId_IncompleteRatherThanSkipped()
    {
        Answer(null, 200, "[" + Pat17 + """,{"owner":{"login":"x"}}]""");

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(ListAsync);

        Assert.Contains("without a readable id", ex.Reason, StringComparison.Ordinal);
    }
}
