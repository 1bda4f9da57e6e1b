using System.Text.Json.Nodes;
using Revocation.Core.Revocation;
using Revocation.Providers.GitHub;
using Revocation.Providers.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Revocation.Providers.Tests.Providers;

/// <summary><c>pat:{id}</c> 404/422: AlreadyGone only when the org's PAT listing succeeds and lacks the id.</summary>
public sealed class GitHubPatRevocationTests : IDisposable
{
    private const string PatPath = "/orgs/contoso/personal-access-tokens/4242";
    private const string ListPath = "/orgs/contoso/personal-access-tokens";
    private readonly ProviderHost host = new();

    public GitHubPatRevocationTests() => host.AnswerAppTokenMint(TimeProvider.System.GetUtcNow().AddHours(1));

    public void Dispose() => host.Dispose();

    private void AnswerRevoke(int status) => host.Server.Given(Request.Create().WithPath(PatPath).UsingPost()).RespondWith(
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody("""{"message":"Not Found"}"""));

    private void AnswerListing(int status, string body, int? page = null, string? link = null)
    {
        var request = Request.Create().WithPath(ListPath).UsingGet().WithParam("per_page", "100");
        request = page is { } p ? request.WithParam("page", p.ToString(System.Globalization.CultureInfo.InvariantCulture)) : request;
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        host.Server.Given(request).AtPriority(page is null ? 10 : 5).RespondWith(link is null ? response : response.WithHeader("Link", link));
    }

    private Task<RevocationOutcome> RevokeAsync() => host.RevokeAsync(GitHubRevocationProvider.KindName, "pat:4242");

    [Fact]
    public async Task RevokeAsync_OrgPat204_AccessRemovedWithTheMintedInstallationToken()
    {
        AnswerRevoke(204);

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.AccessRemoved, outcome.Kind);
        Assert.Equal("HTTP 204: access to org 'contoso' removed; the PAT itself is not revoked", outcome.Detail);
        var request = Assert.Single(host.Server.LogEntries, e => e.RequestMessage.Path == PatPath).RequestMessage;
        Assert.Equal("revoke", JsonNode.Parse(request.Body!)!["action"]!.GetValue<string>());
        Assert.Equal("Bearer " + ProviderHost.AppToken, request.Headers!["Authorization"].Single());
    }

    [Theory]
    [InlineData(404)]
    [InlineData(422)]
    public async Task RevokeAsync_NotFoundAndListingLacksTheId_AlreadyGone(int status)
    {
        AnswerRevoke(status);
        AnswerListing(200, """[{"id":17,"owner":{"login":"a"}},{"id":4243}]""");

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.AlreadyGone, outcome.Kind);
        Assert.EndsWith("PAT not listed for org 'contoso'", outcome.Detail, StringComparison.Ordinal);
        var listing = Assert.Single(host.Server.LogEntries, e => e.RequestMessage.Path == ListPath).RequestMessage;
        Assert.Equal("Bearer " + ProviderHost.AppToken, listing.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task RevokeAsync_NotFoundAndIdOnTheSecondPage_FailedStillListed()
    {
        AnswerRevoke(404);
        AnswerListing(200, """[{"id":17}]""", link: $"<{host.BaseAddress}orgs/contoso/personal-access-tokens?per_page=100&page=2>; rel=\"next\"");
        AnswerListing(200, """[{"id":4242}]""", page: 2);

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.EndsWith("the PAT is still listed with access to org 'contoso'", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(2, host.Calls(ListPath));
    }

    [Fact]
    public async Task RevokeAsync_NextLinkToAnotherHost_NotFollowedAndNothingProven()
    {
        AnswerRevoke(404);
        AnswerListing(200, """[{"id":17}]""", link: "<https://evil.example/orgs/contoso/personal-access-tokens?page=2>; rel=\"next\"");

        var outcome = await RevokeAsync();

        // The unread rest of the list may hold the PAT: a 404 is not proven gone.
        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.EndsWith("listing's next page is on another host: cannot prove the PAT gone", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(1, host.Calls(ListPath));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(401)]
    [InlineData(403)]
    public async Task RevokeAsync_NotFoundAndListingFails_FailedMisconfigured(int status)
    {
        AnswerRevoke(404);
        AnswerListing(status, """{"message":"Not Found"}""");

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith("provider misconfigured: HTTP 404 Not Found; listing org 'contoso' PATs: HTTP " + status, outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeAsync_ListingLongerThanTheCap_FailedCannotProve()
    {
        AnswerRevoke(404);
        AnswerListing(200, """[{"id":17}]""", link: $"<{host.BaseAddress}orgs/contoso/personal-access-tokens?per_page=100>; rel=\"next\"");

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("cannot prove the PAT gone", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(GitHubPatRevocation.MaxPages, host.Calls(ListPath));
    }
}
