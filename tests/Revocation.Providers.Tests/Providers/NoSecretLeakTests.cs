using Microsoft.Extensions.Logging.Testing;
using Revocation.Core.Revocation;
using Revocation.Providers.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Revocation.Providers.Tests.Providers;

/// <summary>
/// Every adapter's failure paths, with servers that echo the secrets they were sent in bodies and headers:
/// no secret the adapter holds may reach an outcome's Detail or any log record (message, structured state,
/// exception). Logging runs at Trace, so IHttpClientFactory's header logging is included.
/// </summary>
public sealed class NoSecretLeakTests : IDisposable
{
    private const string AppId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string KeyId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    // The base64url of {"alg":"RS256","typ":"JWT"}: the start of every JWT the GitHub adapter signs.
    private const string JwtHeader = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";

    private static readonly string BasicOAuth =
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("revoker client:" + ProviderHost.ClientSecret));

    // A line of the App's PEM private key (the whole PEM would only catch a complete echo).
    private static readonly string PemLine = ProviderHost.AppKey.ExportRSAPrivateKeyPem().Split('\n')[1];

    private static readonly string[] AllSecrets =
        [ProviderHost.TokenValue, ProviderHost.ClientSecret, ProviderHost.AppToken, ProviderHost.SigningKey, FakeTokenCredential.Bearer, BasicOAuth];

    private static readonly string Echo = string.Join(" ", AllSecrets);

    // What each adapter reads or is handed for a handle: a server can only echo what it was sent.
    private static readonly Dictionary<string, string[]> Held = new()
    {
        ["oauth2"] = [ProviderHost.TokenValue, ProviderHost.ClientSecret],
        ["graph"] = [FakeTokenCredential.Bearer],
        ["installation-token"] = [ProviderHost.TokenValue],
        ["oauth-token"] = [ProviderHost.TokenValue, ProviderHost.ClientSecret, BasicOAuth],
        ["pat:17"] = [ProviderHost.AppToken, PemLine, JwtHeader],
        ["webhook"] = [ProviderHost.SigningKey],
    };

    private readonly ProviderHost host = new();

    public void Dispose() => host.Dispose();

    public static TheoryData<string, string?, int, string> FailurePaths()
    {
        var data = new TheoryData<string, string?, int, string>();
        foreach (var status in new[] { 400, 401, 403, 422, 429, 500 })
        {
            data.Add("oauth2", null, status, $$"""{"error":"{{ProviderHost.TokenValue}}","error_description":"{{Echo}}"}""");
            data.Add("graph", $"applications/{AppId}/passwordCredentials/{KeyId}", status,
                $$$"""{"error":{"code":"{{{FakeTokenCredential.Bearer}}}","message":"{{{Echo}}}"}}""");
            data.Add("graph", $"applications/{AppId}/keyCredentials/{KeyId}", status, $$$"""{"error":{"code":"{{{Echo}}}"}}""");
            data.Add("github", "installation-token", status, $$"""{"message":"{{Echo}}"}""");
            data.Add("github", "oauth-token", status, $$"""{"message":"{{Echo}}"}""");
            data.Add("github", "pat:17", status, $$"""{"message":"{{Echo}}"}""");
            data.Add("webhook", "h", status, Echo);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FailurePaths))]
    public async Task RevokeAsync_FailurePath_NoSecretInDetailOrLogs(string kind, string? handle, int status, string body)
    {
        // The installation token is minted, so the org calls (revoke, then the listing read-back) get the echo.
        host.AnswerAppTokenMint(TimeProvider.System.GetUtcNow().AddHours(1));
        host.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create()
            .WithStatusCode(status)
            .WithHeader("Content-Type", "application/json")
            .WithHeader("X-Echo", Echo)
            .WithHeader("Retry-After", "30")
            .WithBody(body));

        var outcome = await host.RevokeAsync(kind, handle, policy: host.Policy(kind));
        kind = kind == "github" ? handle! : kind;

        Assert.NotEqual(RevocationOutcomeKind.Revoked, outcome.Kind);
        AssertNoSecret(kind, outcome.Detail);
        AssertNoSecretInLogs(kind, host.Logs);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    [InlineData(500)]
    public async Task RevokeAsync_InstallationTokenMintFails_NoJwtOrKeyInDetailOrLogs(int status)
    {
        // The mint endpoint echoes the Authorization header it was sent (Bearer <JWT>) in its message.
        host.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create()
            .WithStatusCode(status)
            .WithHeader("Content-Type", "application/json")
            .WithHeader("X-Echo", "{{request.headers.Authorization}}")
            .WithBody("""{"message":"{{request.headers.Authorization}} PEM """ + PemLine + "\"}")
            .WithTransformer());

        var outcome = await host.RevokeAsync("github", "pat:17", policy: host.Policy("github"));

        Assert.NotEqual(RevocationOutcomeKind.AccessRemoved, outcome.Kind);
        Assert.Contains("installation token mint", outcome.Detail, StringComparison.Ordinal);
        Assert.All(host.Server.LogEntries, mint => Assert.StartsWith(
            "Bearer " + JwtHeader, mint.RequestMessage.Headers!["Authorization"].Single(), StringComparison.Ordinal));
        AssertNoSecret("pat:17", outcome.Detail);
        AssertNoSecretInLogs("pat:17", host.Logs);
    }

    [Theory]
    [InlineData("oauth2", null)]
    [InlineData("github", "installation-token")]
    [InlineData("webhook", "h")]
    public async Task RevokeAsync_Timeout_NoSecretInDetailOrLogs(string kind, string? handle)
    {
        host.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(4)));

        var outcome = await host.RevokeAsync(kind, handle, policy: host.Policy(kind, TimeSpan.FromSeconds(1)));
        kind = kind == "github" ? handle! : kind;

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        AssertNoSecret(kind, outcome.Detail);
        AssertNoSecretInLogs(kind, host.Logs);
    }

    [Fact]
    public async Task RevokeAsync_ServerUnreachable_NoSecretInDetailOrLogs()
    {
        var policy = host.Policy("oauth2") with { RevocationEndpoint = new Uri("http://127.0.0.1:1/revoke") };

        var outcome = await host.RevokeAsync("oauth2", null, policy: policy);

        Assert.Equal(RevocationOutcomeKind.RetryLater, outcome.Kind);
        Assert.StartsWith("network error", outcome.Detail, StringComparison.Ordinal);
        AssertNoSecret("oauth2", outcome.Detail);
        AssertNoSecretInLogs("oauth2", host.Logs);
    }

    private static void AssertNoSecret(string kind, string? text)
    {
        foreach (var secret in Held[kind])
        {
            Assert.DoesNotContain(secret, text ?? string.Empty, StringComparison.Ordinal);
        }
    }

    private static void AssertNoSecretInLogs(string kind, FakeLogCollector logs)
    {
        var records = logs.GetSnapshot();
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            AssertNoSecret(kind, record.Message);
            AssertNoSecret(kind, record.Exception?.ToString());
            foreach (var (key, value) in record.StructuredState ?? [])
            {
                Assert.False(Held[kind].Any(secret => value?.Contains(secret, StringComparison.Ordinal) == true),
                    $"secret in log state '{key}' of {record.Category} event {record.Id}");
            }
        }
    }
}
