using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Revocation.Signals;

/// <summary>Signs a Security Event Token (RFC 8417, <c>typ: secevent+jwt</c>) the way a transmitter does: for <c>revctl signals send</c> and tests.</summary>
public static class SetSigner
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>The SET's claims: <c>iss</c>, <c>aud</c>, <c>iat</c>, <c>jti</c>, and one event in <c>events</c>.</summary>
    public static JsonObject Claims(string issuer, string audience, string jti, DateTimeOffset issuedAt, string eventType, JsonObject payload,
        JsonObject? subId = null)
    {
        var claims = new JsonObject
        {
            ["iss"] = issuer, ["aud"] = audience, ["iat"] = issuedAt.ToUnixTimeSeconds(), ["jti"] = jti,
            ["events"] = new JsonObject { [eventType] = payload },
        };
        if (subId is not null) claims["sub_id"] = subId;
        return claims;
    }

    /// <summary>A compact JWS of <paramref name="claims"/>, signed with <paramref name="key"/> (its <c>kid</c> in the header).</summary>
    public static string Sign(JsonObject claims, SecurityKey key, string alg)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return Handler.CreateToken(claims.ToJsonString(), new SigningCredentials(key, alg),
            new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = "secevent+jwt" });
    }
}
