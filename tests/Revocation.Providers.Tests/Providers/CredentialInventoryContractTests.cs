using Azure.Identity;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Discovery;
using Revocation.Providers.Graph;
using Revocation.Providers.Tests.Support;
using static Revocation.Providers.Tests.Support.GraphListingStandIn;

namespace Revocation.Providers.Tests.Providers;

/// <summary>What every listing adapter owes the reconciliation core: registration, no partial lists, no secrets, cancellation.</summary>
public sealed class CredentialInventoryContractTests : IDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private readonly ProviderHost host;
    private readonly GraphListingStandIn graph;

    public CredentialInventoryContractTests()
    {
        host = new ProviderHost(time);
        graph = new GraphListingStandIn(host.Server);
    }

    public void Dispose() => host.Dispose();

    private Task<IReadOnlyList<DiscoveredCredential>> ListGraphAsync(CancellationToken cancellationToken = default) =>
        new ListingDriver(time).RunAsync(() => host.Inventory(GraphRevocationProvider.KindName)
            .ListAsync(host.Policy(GraphRevocationProvider.KindName, TimeSpan.FromHours(1)), cancellationToken));

    [Fact]
    public void Composition_OneInventoryPerListableKind_NoneForOAuth2()
    {
        var kinds = new[] { "graph", "github", "webhook" }.Select(k => host.Inventory(k).Kind);

        Assert.Equal(["graph", "github", "webhook"], kinds);
        Assert.Throws<InvalidOperationException>(() => host.Inventory("oauth2"));
    }

    [Theory]
    [InlineData("""{"id":"a0000000-0000-0000-0000-00000000000a","appId":"x","passwordCredentials":[{"keyId":"not-a-guid"}]}""", "a listed passwordCredentials entry without a readable keyId")]
    [InlineData("""{"appId":"x","passwordCredentials":[]}""", "a listed applications object without a readable id")]
    public async Task Graph_UnreadableEntry_IncompleteRatherThanSkipped(string app, string reason)
    {
        graph.Answer("applications", null, 200, Page(null, app));
        graph.AnswerFederated(AppA, """{"value":[]}""");

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(() => ListGraphAsync());

        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public async Task Graph_FederatedCredentialsUnavailable_Incomplete()
    {
        graph.Answer("applications", null, 200, Page(null, AppAJson));
        graph.Answer("servicePrincipals", null, 200, Page(null));
        host.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath($"/v1.0/applications/{AppA}/federatedIdentityCredentials").UsingGet())
            .AtPriority(1).RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(404).WithBody(Error("Request_ResourceNotFound")));

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(() => ListGraphAsync());

        Assert.Equal("HTTP 404 Request_ResourceNotFound", ex.Reason);
    }

    [Fact]
    public async Task Graph_TokenAcquisitionFails_IncompleteWithoutACall()
    {
        host.Credential.Failure = new CredentialUnavailableException("no managed identity");

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(() => ListGraphAsync());

        Assert.Equal("graph token acquisition failed: CredentialUnavailableException", ex.Reason);
        Assert.Empty(host.Server.LogEntries);
    }

    [Fact]
    public async Task Graph_ErrorEchoingTheBearer_ReasonRedacted()
    {
        graph.Answer("applications", null, 403, Error(FakeTokenCredential.Bearer));

        var ex = await Assert.ThrowsAsync<InventoryIncompleteException>(() => ListGraphAsync());

        Assert.DoesNotContain(FakeTokenCredential.Bearer, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graph_CancelledWhileWaitingOutThrottling_CancellationNotIncomplete()
    {
        graph.Answer("applications", null, 429, Error("TooManyRequests"), headers: ("Retry-After", "60"));
        using var cancel = new CancellationTokenSource();
        var listing = host.Inventory(GraphRevocationProvider.KindName)
            .ListAsync(host.Policy(GraphRevocationProvider.KindName, TimeSpan.FromHours(1)), cancel.Token);
        while (!host.Server.LogEntries.Any())
        {
            await Task.Delay(5);
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listing);
    }
}
