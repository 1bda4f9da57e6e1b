using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Revocation.Signals;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Revocation.Pipeline.Tests.Signals;

/// <summary>
/// A real signing transmitter: its own RSA key pair, its JWKS served on loopback (WireMock), and SETs signed with its
/// private key. <see cref="Attacker"/> is a second key pair under the same kid, for forgeries.
/// </summary>
internal sealed class TestTransmitter : IDisposable
{
    public const string Kid = "partner-key-1";

    public TestTransmitter(string issuer, string audience)
    {
        Issuer = issuer;
        Audience = audience;
        PrivateJwk = SetKeys.Generate("RS256", Kid);
        Attacker = SetKeys.ReadPrivate(SetKeys.Generate("RS256", Kid).ToJsonString());
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/jwks").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(SetKeys.PublicJwks(PrivateJwk).ToJsonString()));
        Server.Given(Request.Create().WithPath("/hang").UsingGet())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(40)).WithBody("{\"keys\":[]}"));
    }

    public string Issuer { get; }

    public string Audience { get; }

    public JsonObject PrivateJwk { get; }

    public SecurityKey Key => SetKeys.ReadPrivate(PrivateJwk.ToJsonString());

    public SecurityKey Attacker { get; }

    public WireMockServer Server { get; }

    public Uri JwksUri => new($"{Server.Url}/jwks");

    public Uri HangingJwksUri => new($"{Server.Url}/hang");

    /// <summary>The public key bytes an HS256 forgery would use as its HMAC secret (the classic key-confusion attack).</summary>
    public byte[] PublicKeyBytes => Encoding.UTF8.GetBytes(SetKeys.PublicJwks(PrivateJwk).ToJsonString());

    public JsonObject Claims(string jti, string eventType, JsonObject payload, DateTimeOffset? iat = null, JsonObject? subId = null,
        string? issuer = null, string? audience = null) =>
        SetSigner.Claims(issuer ?? Issuer, audience ?? Audience, jti, iat ?? DateTimeOffset.UtcNow, eventType, payload, subId);

    public string Sign(JsonObject claims, SecurityKey? key = null, string alg = "RS256") => SetSigner.Sign(claims, key ?? Key, alg);

    /// <summary>An unsigned SET: <c>alg: none</c> and an empty signature.</summary>
    public static string Unsigned(JsonObject claims) =>
        Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"secevent+jwt\"}") + "." + Base64UrlEncoder.Encode(claims.ToJsonString()) + ".";

    public void Dispose() => Server.Stop();
}
