using System.Net;
using Revocation.Testing;
using Xunit.Abstractions;

namespace Revocation.Fixtures.Tests;

public sealed class OAuthServerFixtureTests(OAuthServerFixture oauth, ITestOutputHelper output)
    : IClassFixture<OAuthServerFixture>
{
    [Fact]
    public async Task Token_IsActive_ThenRevokedByItsClient_ThenInactive()
    {
        output.WriteLine($"OAuth server started in {oauth.StartupTime.TotalMilliseconds:F0} ms at {oauth.Issuer}");
        var token = await oauth.GetClientCredentialsTokenAsync(scope: "api:read");
        Assert.True(await oauth.IsActiveAsync(token));

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, oauth.RevocationEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = token,
                ["token_type_hint"] = "access_token",
            }),
        };
        request.Headers.Authorization = OAuthServerFixture.BasicAuth("broker", "broker-secret");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(await oauth.IsActiveAsync(token));
    }

    [Fact]
    public async Task Revocation_ByAnotherClient_Is400InvalidRequest_AndLeavesTheTokenActive()
    {
        var token = await oauth.GetClientCredentialsTokenAsync();

        using var response = await oauth.RevokeAsync(token, "auditor", "auditor-secret");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"invalid_request\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await oauth.IsActiveAsync(token));
    }

    [Fact]
    public async Task Revocation_OfAnUnknownOrRevokedToken_Is200()
    {
        var token = await oauth.GetClientCredentialsTokenAsync();
        using var first = await oauth.RevokeAsync(token);
        using var again = await oauth.RevokeAsync(token);
        using var unknown = await oauth.RevokeAsync("not-a-token");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
    }

    [Fact]
    public async Task Process_IsGoneAfterDispose()
    {
        var server = await OAuthServerFixture.StartAsync();
        var pid = server.ProcessId;
        Assert.True(ServiceProcess.IsRunning(pid));
        Assert.True(await server.IsActiveAsync(await server.GetClientCredentialsTokenAsync()));

        await server.DisposeAsync();

        Assert.False(ServiceProcess.IsRunning(pid));
    }
}
