using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Revocation.Providers.GitHub;

/// <summary>
/// The JWT a GitHub App signs to authenticate as itself (RS256): <c>iat</c> = now − 60 s (clock drift),
/// <c>exp</c> = now + 9 min (GitHub refuses more than 10 min), <c>iss</c> = the App id. The key is a PEM RSA
/// private key, PKCS#1 (<c>BEGIN RSA PRIVATE KEY</c>, what GitHub hands out) or PKCS#8 (<c>BEGIN PRIVATE KEY</c>).
/// </summary>
internal static class GitHubAppJwt
{
    public static readonly TimeSpan Backdate = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);

    /// <summary>The signed JWT, or null when <paramref name="privateKeyPem"/> is not a usable RSA private key.</summary>
    public static string? TryCreate(string appId, string privateKeyPem, DateTimeOffset now)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem);
            var header = Encode(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" });
            var payload = Encode(new JsonObject
            {
                ["iat"] = (now - Backdate).ToUnixTimeSeconds(),
                ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
                ["iss"] = appId,
            });
            var signingInput = header + "." + payload;
            var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return signingInput + "." + Base64Url(signature);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            // The exception text is not passed on: it may quote the PEM it could not read.
            return null;
        }
    }

    private static string Encode(JsonObject json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
