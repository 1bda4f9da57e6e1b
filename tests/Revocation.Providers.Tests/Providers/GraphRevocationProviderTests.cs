using System.Text.Json.Nodes;
using Revocation.Core.Revocation;
using Revocation.Providers.Graph;
using Revocation.Providers.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Revocation.Providers.Tests.Providers;

public sealed class GraphRevocationProviderTests : IDisposable
{
    private const string AppId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string KeyId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private const string OtherKeyId = "a3bb189e-8bf9-3888-9912-ace4e6543002";
    private const string RemovePath = $"/v1.0/applications/{AppId}/removePassword";
    private const string AppPath = $"/v1.0/applications/{AppId}";
    private const string PasswordHandle = $"applications/{AppId}/passwordCredentials/{KeyId}";
    private readonly ProviderHost host = new();

    public void Dispose() => host.Dispose();

    private Task<RevocationOutcome> RevokeAsync(string handle = PasswordHandle) =>
        host.RevokeAsync(GraphRevocationProvider.KindName, handle, secretRef: null);

    private void Answer(string path, string method, int status, string? body = null, string? retryAfter = null)
    {
        var response = Response.Create().WithStatusCode(status);
        response = body is null ? response : response.WithHeader("Content-Type", "application/json").WithBody(body);
        response = retryAfter is null ? response : response.WithHeader("Retry-After", retryAfter);
        host.Server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(response);
    }

    private static string Passwords(params string[] keyIds) =>
        new JsonObject { ["passwordCredentials"] = new JsonArray([.. keyIds.Select(k => (JsonNode)new JsonObject { ["keyId"] = k })]) }.ToJsonString();

    [Fact]
    public async Task RevokeAsync_RemovePassword204_RevokedWithBearerAndKeyId()
    {
        Answer(RemovePath, "POST", 204);

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Revoked, outcome.Kind);
        var request = Assert.Single(host.Server.LogEntries).RequestMessage;
        Assert.Equal("Bearer " + FakeTokenCredential.Bearer, request.Headers!["Authorization"].Single());
        Assert.Equal(KeyId, JsonNode.Parse(request.Body!)!["keyId"]!.GetValue<string>());
        Assert.Equal("http://localhost/.default", Assert.Single(host.Credential.Scopes));
    }

    [Fact]
    public async Task RevokeAsync_ServicePrincipalHandle_UsesServicePrincipalsPath()
    {
        Answer($"/v1.0/servicePrincipals/{AppId}/removePassword", "POST", 204);

        var outcome = await RevokeAsync($"servicePrincipals/{AppId}/passwordCredentials/{KeyId}");

        Assert.Equal(RevocationOutcomeKind.Revoked, outcome.Kind);
    }

    [Fact]
    public async Task RevokeAsync_400AndKeyIdNotListed_AlreadyGone()
    {
        Answer(RemovePath, "POST", 400, """{"error":{"code":"Request_BadRequest","message":"No credential"}}""");
        Answer(AppPath, "GET", 200, Passwords(OtherKeyId));

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.AlreadyGone, outcome.Kind);
        Assert.Contains("no longer listed", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeAsync_400AndKeyIdStillListed_FailedWithCode()
    {
        Answer(RemovePath, "POST", 400, """{"error":{"code":"Request_BadRequest","message":"x"}}""");
        Answer(AppPath, "GET", 200, Passwords(KeyId, OtherKeyId));

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith("HTTP 400 Request_BadRequest", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeAsync_404AndApplicationGone_AlreadyGone()
    {
        Answer(RemovePath, "POST", 404, """{"error":{"code":"Request_ResourceNotFound"}}""");
        Answer(AppPath, "GET", 404, """{"error":{"code":"Request_ResourceNotFound"}}""");

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.AlreadyGone, outcome.Kind);
        Assert.Equal(2, host.Server.LogEntries.Count);
    }

    [Fact]
    public async Task RevokeAsync_403_FailedWithGraphCode()
    {
        Answer(RemovePath, "POST", 403, """{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges"}}""");

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("HTTP 403 Authorization_RequestDenied", outcome.Detail);
    }

    [Theory]
    [InlineData("30", 30, 1)]
    [InlineData("1", 1, 3)]
    public async Task RevokeAsync_429_RetryLaterHonoursRetryAfter(string retryAfter, int seconds, int calls)
    {
        Answer(RemovePath, "POST", 429, retryAfter: retryAfter);

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(seconds), outcome.RetryAfter);
        Assert.Equal(calls, host.Calls(RemovePath));
    }

    [Fact]
    public async Task RevokeAsync_503ThenSuccess_Revoked()
    {
        host.Server.Given(Request.Create().WithPath(RemovePath).UsingPost()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503));
        host.Server.Given(Request.Create().WithPath(RemovePath).UsingPost()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(204));

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Revoked, outcome.Kind);
        Assert.Equal(2, host.Calls(RemovePath));
    }

    [Fact]
    public async Task RevokeAsync_Timeout_RetryLater()
    {
        host.Server.Given(Request.Create().WithPath(RemovePath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(204).WithDelay(TimeSpan.FromSeconds(5)));

        var outcome = await host.RevokeAsync(GraphRevocationProvider.KindName, PasswordHandle, null,
            host.Policy(GraphRevocationProvider.KindName, TimeSpan.FromSeconds(1)));

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        Assert.StartsWith("timeout", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(204, RevocationOutcomeKind.Revoked)]
    [InlineData(404, RevocationOutcomeKind.AlreadyGone)]
    public async Task RevokeAsync_FederatedCredential_DeleteMapped(int status, RevocationOutcomeKind expected)
    {
        Answer($"{AppPath}/federatedIdentityCredentials/github-deploy", "DELETE", status);

        var outcome = await RevokeAsync($"applications/{AppId}/federatedIdentityCredentials/github-deploy");

        Assert.Equal(expected, outcome.Kind);
    }

    [Fact]
    public async Task RevokeAsync_KeyCredential_PatchesListWithoutTarget()
    {
        Answer(AppPath, "GET", 200, $$"""{"keyCredentials":[{"keyId":"{{KeyId}}","key":"AAA="},{"keyId":"{{OtherKeyId}}","key":"BBB=","type":"AsymmetricX509Cert"}]}""");
        Answer(AppPath, "PATCH", 204);

        var outcome = await RevokeAsync($"applications/{AppId}/keyCredentials/{KeyId}");

        Assert.Equal(RevocationOutcomeKind.Revoked, outcome.Kind);
        var patch = Assert.Single(host.Server.LogEntries, e => e.RequestMessage.Method == "PATCH").RequestMessage;
        var remaining = Assert.Single(JsonNode.Parse(patch.Body!)!["keyCredentials"]!.AsArray());
        Assert.Equal(OtherKeyId, remaining!["keyId"]!.GetValue<string>());
        Assert.Equal("BBB=", remaining["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokeAsync_KeyCredentialNotListed_AlreadyGoneWithoutPatch()
    {
        Answer(AppPath, "GET", 200, $$"""{"keyCredentials":[{"keyId":"{{OtherKeyId}}"}]}""");

        var outcome = await RevokeAsync($"applications/{AppId}/keyCredentials/{KeyId}");

        Assert.Equal(RevocationOutcomeKind.AlreadyGone, outcome.Kind);
        Assert.Single(host.Server.LogEntries);
    }

    [Theory]
    [InlineData($"applications/not-a-guid/passwordCredentials/{KeyId}")]
    [InlineData($"applications/{AppId}/passwordCredentials/not-a-guid")]
    [InlineData($"servicePrincipals/{AppId}/federatedIdentityCredentials/x")]
    [InlineData($"users/{AppId}/passwordCredentials/{KeyId}")]
    [InlineData($"applications/{AppId}/federatedIdentityCredentials/../../x")]
    [InlineData("")]
    public async Task RevokeAsync_MalformedHandle_FailedWithoutCall(string handle)
    {
        var outcome = await RevokeAsync(handle);

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith("malformed graph handle", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(host.Server.LogEntries);
    }

    [Theory]
    [InlineData("https://graph.microsoft.com", "https://graph.microsoft.com/.default")]
    [InlineData("https://graph.microsoft.us/", "https://graph.microsoft.us/.default")]
    [InlineData("https://microsoftgraph.chinacloudapi.cn/v1.0", "https://microsoftgraph.chinacloudapi.cn/.default")]
    public void ScopeFor_BaseAddress_HostDefaultScope(string baseAddress, string scope) =>
        Assert.Equal(scope, GraphRevocationProvider.ScopeFor(new Uri(baseAddress)));
}
