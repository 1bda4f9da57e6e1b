using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Revocation.Http;
using Revocation.Testing;
using static Revocation.Functions.Tests.Decisions.DecisionFixture;

namespace Revocation.Functions.Tests.Decisions;

/// <summary>A decision that needs a read storage cannot answer: 503 with Retry-After, never a made-up allow or deny.</summary>
public sealed class DecisionsStorageOutageTests
{
    [Fact]
    public async Task Decide_ColdTokenWhileStorageIsDown_503WithRetryAfterAndNoDecision()
    {
        await using var azurite = await PersistentAzurite.StartAsync();
        await using var host = await FunctionsApiHost.StartAsync(azurite.ConnectionString, DecisionsFunctionTests.WritePolicy(Policy), new FakeTimeProvider(Start));
        await azurite.StopAsync(kill: true);

        using var response = await host.Client.PostAsync(new Uri("/api/decisions", UriKind.Relative),
            new StringContent($$"""{"tokenId":"{{NewTokenId()}}","holder":"{{Holder}}"}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode} {body}");
        Assert.Equal(DecisionsEndpoint.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("\"decision\"", body, StringComparison.Ordinal);
    }
}
