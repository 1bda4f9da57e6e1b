using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Discovery;
using Revocation.Providers.Graph;
using Revocation.Providers.Tests.Support;
using static Revocation.Providers.Tests.Support.GraphListingStandIn;

namespace Revocation.Providers.Tests.Providers;

/// <summary>Graph listing against a stand-in that speaks Graph's shapes: paging, owners, throttling, expired page tokens.</summary>
public sealed class GraphCredentialInventoryTests : IDisposable
{
    private const string Apps = "applications";
    private const string Sps = "servicePrincipals";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private readonly ProviderHost host;
    private readonly GraphListingStandIn graph;
    private readonly ListingDriver driver;

    public GraphCredentialInventoryTests()
    {
        host = new ProviderHost(time);
        graph = new GraphListingStandIn(host.Server);
        driver = new ListingDriver(time);
        graph.AnswerFederated(AppA, """{"value":[{"id":"f1","name":"github-main","issuer":"https://token.actions.githubusercontent.com","subject":"repo:contoso/payroll:ref:refs/heads/main","audiences":["api://AzureADTokenExchange"]}]}""");
        graph.AnswerFederated(AppB, """{"value":[]}""");
        graph.Answer(Sps, null, 200, Page(null, SpJson));
    }

    public void Dispose() => host.Dispose();

    private Task<IReadOnlyList<DiscoveredCredential>> ListAsync() => driver.RunAsync(() =>
        host.Inventory(GraphRevocationProvider.KindName).ListAsync(host.Policy(GraphRevocationProvider.KindName, TimeSpan.FromHours(1)), CancellationToken.None));

    private void AnswerTwoPages() => graph.Answer(Apps, null, 200, Page(graph.NextLink(Apps, "P2"), AppAJson));

    [Fact]
    public async Task ListAsync_TwoPagesAndServicePrincipals_EveryCredentialWithRevocationHandleAndOwner()
    {
        AnswerTwoPages();
        graph.Answer(Apps, "P2", 200, Page(null, AppBJson));

        var list = await ListAsync();

        Assert.Equal(
            [$"applications/{AppA}/passwordCredentials/{KeyA}", $"applications/{AppA}/keyCredentials/{CertA}",
             $"applications/{AppA}/federatedIdentityCredentials/github-main", $"applications/{AppB}/passwordCredentials/{KeyB}",
             $"servicePrincipals/{Sp}/passwordCredentials/{KeySp}"],
            list.Select(c => c.Handle));
        var secret = list[0];
        Assert.Equal(("password", "ci secret", "aaaa1111-0000-0000-0000-000000000000", "Payroll", "alice@contoso.com"),
            (secret.CredentialKind, secret.DisplayName, secret.Container, secret.ContainerName, secret.Owner));
        Assert.Equal((new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)), (secret.CreatedAt, secret.ExpiresAt));
        Assert.Equal(["password", "key", "federated", "password", "password"], list.Select(c => c.CredentialKind));
        Assert.Equal("bob@contoso.com", list[3].Owner);
        Assert.Null(list[4].Owner);
        Assert.All(list.Where(c => c.Handle.StartsWith(Apps, StringComparison.Ordinal)),
            c => Assert.True(GraphCredentialHandle.TryParse(c.Handle, out _), c.Handle));
        var first = host.Server.LogEntries.First(e => e.RequestMessage.Path == "/v1.0/applications").RequestMessage;
        Assert.Equal("Bearer " + FakeTokenCredential.Bearer, first.Headers!["Authorization"].Single());
        Assert.Contains("$expand=owners", Uri.UnescapeDataString(first.Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_429WithRetryAfterOnPage2_WaitsOnTheClockThenCompletes()
    {
        AnswerTwoPages();
        graph.Answer(Apps, "P2", 429, Error("TooManyRequests"), "throttle", setState: "ok", headers: ("Retry-After", "30"));
        graph.Answer(Apps, "P2", 200, Page(null, AppBJson), "throttle", whenState: "ok");

        var list = await ListAsync();

        Assert.Contains(list, c => c.Handle == $"applications/{AppB}/passwordCredentials/{KeyB}");
        Assert.True(driver.Elapsed >= TimeSpan.FromSeconds(30), driver.Elapsed.ToString());
    }

    [Fact]
    public async Task ListAsync_ExpiredSkipToken_RestartsFromTheFirstPageAndCompletes()
    {
        AnswerTwoPages();
        graph.Answer(Apps, "P2", 400, Error(GraphPager.ExpiredPageToken), "stale", setState: "fresh");
        graph.Answer(Apps, "P2", 200, Page(null, AppBJson), "stale", whenState: "fresh");

        var list = await ListAsync();

        Assert.Equal(4, list.Count(c => c.Handle.StartsWith(Apps, StringComparison.Ordinal)));
        Assert.Equal(2, host.Server.LogEntries.Count(e => e.RequestMessage.Path == "/v1.0/applications" && !e.RequestMessage.Url.Contains("skiptoken", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ListAsync_ExpiredSkipTokenTwice_Incomplete()
    {
        AnswerTwoPages();
        graph.Answer(Apps, "P2", 400, Error(GraphPager.ExpiredPageToken));

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(ListAsync);

        Assert.Contains("page token expired again", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503, "Retry-After", "30")]
    [InlineData(500, "x-none", "0")]
    public async Task ListAsync_OutageMidListing_IncompleteNeverPartial(int status, string header, string value)
    {
        AnswerTwoPages();
        graph.Answer(Apps, "P2", status, Error("ServiceUnavailable"), headers: (header, value));

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(ListAsync);

        Assert.Equal("test-graph", ex.Provider);
        Assert.StartsWith($"HTTP {status} ServiceUnavailable", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("retry budget spent", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_403_IncompleteNamingThePermission()
    {
        graph.Answer(Apps, null, 403, Error("Authorization_RequestDenied"));

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(ListAsync);

        Assert.Equal("HTTP 403 Authorization_RequestDenied: the app's identity needs the Graph application permission Application.Read.All", ex.Reason);
    }

    [Fact]
    public async Task ListAsync_NextLinkToAnotherHost_NotFollowedIncomplete()
    {
        graph.Answer(Apps, null, 200, Page("https://evil.example/v1.0/applications?$skiptoken=P2", AppAJson));

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(ListAsync);

        Assert.Contains("another host", ex.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Server.LogEntries, e => e.RequestMessage.Path == "/v1.0/servicePrincipals");
    }

    [Fact]
    public async Task ListAsync_ManyApplications_EachFederatedCredentialUnderItsOwnApplication()
    {
        // Federated credentials are read several applications at a time: each must land under the application it was read for.
        var ids = Enumerable.Range(1, 12).Select(i => $"f{i:D7}-0000-0000-0000-000000000000").ToList();
        foreach (var id in ids)
        {
            graph.AnswerFederated(id, $$"""{"value":[{"id":"x","name":"fic-{{id[..8]}}"}]}""");
        }

        graph.Answer(Apps, null, 200, Page(null, [.. ids.Select(id => $$"""{"id":"{{id}}","appId":"{{id}}","displayName":"d","passwordCredentials":[],"keyCredentials":[],"owners":[]}""")]));

        var list = await ListAsync();

        Assert.Equal(
            [.. ids.Select(id => $"applications/{id}/federatedIdentityCredentials/fic-{id[..8]}"), $"servicePrincipals/{Sp}/passwordCredentials/{KeySp}"],
            list.Select(c => c.Handle));
    }

    [Fact]
    public async Task ListAsync_OneApplicationsFederatedReadFails_IncompleteNeverPartial()
    {
        AnswerTwoPages();
        graph.Answer(Apps, "P2", 200, Page(null, AppBJson));
        host.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"/v1.0/applications/{AppB}/federatedIdentityCredentials").UsingGet()).AtPriority(0)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(403).WithBody(Error("Authorization_RequestDenied")));

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(ListAsync);

        Assert.StartsWith("HTTP 403 Authorization_RequestDenied", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Composition_RegistersTheGraphInventory() =>
        Assert.IsType<GraphCredentialInventory>(host.Inventory(GraphRevocationProvider.KindName));
}
