using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Revocation;
using Revocation.Providers.GitHub;
using Revocation.Providers.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Revocation.Providers.Tests.Providers;

/// <summary>The installation token for org calls: minted from the App's key with a JWT, cached until near expiry.</summary>
public sealed class GitHubAppTokensTests : IDisposable
{
    private const string PatPath = "/orgs/contoso/personal-access-tokens/4242";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private readonly ProviderHost host;

    public GitHubAppTokensTests()
    {
        host = new ProviderHost(time);
        host.Server.Given(Request.Create().WithPath(PatPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
    }

    public void Dispose() => host.Dispose();

    private Task<RevocationOutcome> RevokeAsync() => host.RevokeAsync(GitHubRevocationProvider.KindName, "pat:4242");

    [Fact]
    public async Task RevokeAsync_MintsWithAJwtSignedByTheAppKey()
    {
        host.AnswerAppTokenMint(time.GetUtcNow().AddHours(1));

        Assert.Equal(RevocationOutcomeKind.AccessRemoved, (await RevokeAsync()).Kind);

        var mint = Assert.Single(host.Server.LogEntries, e => e.RequestMessage.Path == ProviderHost.MintPath).RequestMessage;
        var authorization = mint.Headers!["Authorization"].Single();
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        var parts = authorization["Bearer ".Length..].Split('.');
        Assert.Equal(3, parts.Length);
        using var publicKey = RSA.Create(ProviderHost.AppKey.ExportParameters(includePrivateParameters: false));
        Assert.True(publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!;
        Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        Assert.Equal(ProviderHost.AppId, claims["iss"]!.GetValue<string>());
        Assert.Equal(time.GetUtcNow().AddSeconds(-60).ToUnixTimeSeconds(), claims["iat"]!.GetValue<long>());
        var exp = claims["exp"]!.GetValue<long>();
        Assert.InRange(exp - time.GetUtcNow().ToUnixTimeSeconds(), 60, 600);
    }

    [Fact]
    public async Task RevokeAsync_TokenReusedUntilFiveMinutesBeforeExpiryThenReminted()
    {
        host.AnswerAppTokenMint(time.GetUtcNow().AddHours(1));

        await RevokeAsync();
        time.Advance(TimeSpan.FromMinutes(54));
        await RevokeAsync();
        Assert.Equal(1, host.Calls(ProviderHost.MintPath));

        time.Advance(TimeSpan.FromMinutes(2));
        await RevokeAsync();
        Assert.Equal(2, host.Calls(ProviderHost.MintPath));
        Assert.Equal(3, host.Calls(PatPath));
    }

    [Fact]
    public async Task RevokeAsync_Pkcs8Key_Accepted()
    {
        host.Secrets.Put("app-key", ProviderHost.AppKey.ExportPkcs8PrivateKeyPem());
        host.AnswerAppTokenMint(time.GetUtcNow().AddHours(1));

        Assert.Equal(RevocationOutcomeKind.AccessRemoved, (await RevokeAsync()).Kind);
    }

    [Fact]
    public async Task RevokeAsync_UnreadableKey_FailedWithoutCall()
    {
        host.Secrets.Put("app-key", "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----");

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("appPrivateKeyRef: not a readable RSA private key (PEM)", outcome.Detail);
        Assert.Empty(host.Server.LogEntries);
    }

    [Theory]
    [InlineData(401, "provider misconfigured (appId or appPrivateKeyRef rejected)")]
    [InlineData(404, "provider misconfigured (unknown installationId?)")]
    public async Task RevokeAsync_MintRejected_FailedNamingIt(int status, string expected)
    {
        host.Server.Given(Request.Create().WithPath(ProviderHost.MintPath).UsingPost()).RespondWith(
            Response.Create().WithStatusCode(status).WithBody("""{"message":"A JSON web token could not be decoded"}"""));

        var outcome = await RevokeAsync();

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith(expected + ": installation token mint failed: HTTP " + status, outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(0, host.Calls(PatPath));
    }

    [Fact]
    public async Task RevokeAsync_MintNoInstallationId_FailedWithoutCall()
    {
        var policy = host.Policy(GitHubRevocationProvider.KindName) with { InstallationId = null };

        var outcome = await host.RevokeAsync(GitHubRevocationProvider.KindName, "pat:4242", policy: policy);

        Assert.Equal(RevocationOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith("provider misconfigured", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(host.Server.LogEntries);
    }
}
