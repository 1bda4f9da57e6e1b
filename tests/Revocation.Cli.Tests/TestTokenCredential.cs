using System.Text;
using System.Text.Json;
using Azure.Core;

namespace Revocation.Cli.Tests;

/// <summary>
/// Gives a JWT-shaped token of the form Azurite's basic OAuth check accepts (an Entra ID issuer, the storage audience,
/// iat/nbf/exp around now) without signing it: Azurite does not verify signatures in basic mode. Counts the requests.
/// </summary>
internal sealed class TestTokenCredential(string audience = TestTokenCredential.StorageAudience) : TokenCredential
{
    public const string StorageAudience = "https://storage.azure.com";

    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The scopes the SDK asked for, last request.</summary>
    public string[] LastScopes { get; private set; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        LastScopes = requestContext.Scopes;
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["aud"] = audience,
            ["iss"] = "https://sts.windows.net/00000000-0000-0000-0000-000000000001/",
            ["iat"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["oid"] = "00000000-0000-0000-0000-00000000000a",
        };
        var token = $"{Segment(new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" })}.{Segment(claims)}.{Base64Url("not-signed"u8.ToArray())}";
        return new AccessToken(token, now.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));

    private static string Segment(Dictionary<string, object> json) => Base64Url(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(json)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A credential with no sign-in available, as on a machine where nobody ran az login.</summary>
internal sealed class UnavailableCredential : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        throw new Azure.Identity.CredentialUnavailableException("AzureCliCredential: Please run 'az login' to set up account.");

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
