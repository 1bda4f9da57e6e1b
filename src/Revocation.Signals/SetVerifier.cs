using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Revocation.Core.Policy;

namespace Revocation.Signals;

/// <summary>
/// Verifies a compact JWS Security Event Token against the registered transmitters (docs/partners.md): the <c>iss</c>
/// selects the transmitter; its <c>alg</c> must be one the transmitter registered (never <c>none</c> or HMAC); the
/// signature must verify with the transmitter's key named by <c>kid</c>; <c>aud</c> must be the registered audience;
/// <c>iat</c> within <see cref="SignalOptions.MaxAge"/> and <see cref="SignalOptions.MaxFutureSkew"/>; <c>jti</c> present;
/// exactly one event in <c>events</c>. Never throws for bad input: each refusal carries its RFC 8935 code.
/// </summary>
public sealed class SetVerifier(PolicyDocument policy, JwksCache keys, IOptions<SignalOptions> options)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<(VerifiedSet? Set, SignalAnswer? Refusal)> VerifyAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return Refuse(SignalErrors.InvalidRequest, "the body is not a compact JWS (header.payload.signature, base64url JSON)");
        }
        if (jwt.IsEncrypted) return Refuse(SignalErrors.InvalidRequest, "encrypted SETs (JWE) are not accepted: send a signed JWS");
        if (jwt.TryGetHeaderValue<string>("typ", out var typ) && typ is not null &&
            !typ.Equals("secevent+jwt", StringComparison.OrdinalIgnoreCase) && !typ.Equals("application/secevent+jwt", StringComparison.OrdinalIgnoreCase))
            return Refuse(SignalErrors.InvalidRequest, $"typ '{Clip(typ)}' is not secevent+jwt");
        var alg = jwt.Alg ?? "";
        if (alg.Length == 0 || alg.Equals("none", StringComparison.OrdinalIgnoreCase) || jwt.EncodedSignature.Length == 0)
            return Refuse(SignalErrors.AuthenticationFailed, "the SET is unsigned (alg none): only signed SETs are accepted");

        var issuer = jwt.TryGetPayloadValue<string>("iss", out var iss) ? iss : null;
        if (string.IsNullOrEmpty(issuer)) return Refuse(SignalErrors.InvalidIssuer, "the SET has no iss");
        if (policy.FindTransmitter(issuer) is not { } transmitter)
            return Refuse(SignalErrors.InvalidIssuer, $"iss '{Clip(issuer)}' is not a registered transmitter");
        if (!transmitter.Algorithms.Contains(alg))
            return Refuse(SignalErrors.InvalidKey, $"alg '{Clip(alg)}' is not accepted for transmitter '{transmitter.Name}' " +
                $"(registered: {string.Join(", ", transmitter.Algorithms)})");

        var kid = string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid;
        var lookup = await keys.GetAsync(transmitter, kid, cancellationToken);
        if (lookup.Error is not null && lookup.Keys.Count == 0) return Refuse(SignalErrors.InvalidKey, lookup.Error);
        var candidates = kid is null ? lookup.Keys : [.. lookup.Keys.Where(k => k.Kid == kid)];
        if (candidates.Count == 0)
            return Refuse(SignalErrors.InvalidKey, kid is null ? $"transmitter '{transmitter.Name}' has no usable key"
                : $"kid '{Clip(kid)}' is not a key of transmitter '{transmitter.Name}'");

        var result = await Handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = transmitter.Issuer,
            ValidAudience = transmitter.Audience,
            IssuerSigningKeys = candidates,
            TryAllIssuerSigningKeys = true,
            ValidAlgorithms = transmitter.Algorithms,
            RequireSignedTokens = true,
            ValidateLifetime = false,          // SETs carry no exp (RFC 8417 §2.2): freshness is iat's, checked below
            RequireExpirationTime = false,
            ValidateIssuerSigningKey = false,  // the key comes from the transmitter's registration, not from the token
        });
        if (!result.IsValid) return Refuse(CodeFor(result.Exception), DescribeFailure(result.Exception, transmitter));
        return Claims(jwt, transmitter, now);
    }

    private (VerifiedSet?, SignalAnswer?) Claims(JsonWebToken jwt, TransmitterPolicy transmitter, DateTimeOffset now)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload));
        var root = payload.RootElement;
        if (!root.TryGetProperty("iat", out var iatJson) || iatJson.ValueKind != JsonValueKind.Number || !iatJson.TryGetInt64(out var iatSeconds))
            return Refuse(SignalErrors.InvalidRequest, "iat is required (NumericDate)");
        if (iatSeconds is < 0 or > 253402300799) return Refuse(SignalErrors.InvalidRequest, "iat is out of range");
        var iat = DateTimeOffset.FromUnixTimeSeconds(iatSeconds);
        var o = options.Value;
        if (now - iat > o.MaxAge) return Refuse(SignalErrors.InvalidRequest, $"iat {iat:O} is older than {o.MaxAge.TotalHours:0.##} h: the SET is stale");
        if (iat - now > o.MaxFutureSkew)
            return Refuse(SignalErrors.InvalidRequest, $"iat {iat:O} is more than {o.MaxFutureSkew.TotalMinutes:0.##} min in the future");
        if (!root.TryGetProperty("jti", out var jti) || jti.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(jti.GetString()))
            return Refuse(SignalErrors.InvalidRequest, "jti is required: it is the event id");
        if (!root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object)
            return Refuse(SignalErrors.InvalidRequest, "events is required: an object with one event");
        var members = events.EnumerateObject().ToList();
        if (members.Count != 1) return Refuse(SignalErrors.InvalidRequest, $"events holds {members.Count} events: exactly one is accepted per SET");
        var (type, body) = (members[0].Name, members[0].Value);
        if (body.ValueKind != JsonValueKind.Object) return Refuse(SignalErrors.InvalidRequest, $"the payload of event '{Clip(type)}' must be an object");
        JsonElement? subId = root.TryGetProperty("sub_id", out var s) ? s.Clone() : null;
        return (new VerifiedSet(transmitter, jti.GetString()!, iat, type, body.Clone(), subId), null);
    }

    private static string CodeFor(Exception? e) => e switch
    {
        SecurityTokenInvalidAudienceException => SignalErrors.InvalidAudience,
        SecurityTokenInvalidIssuerException => SignalErrors.InvalidIssuer,
        SecurityTokenInvalidAlgorithmException or SecurityTokenSignatureKeyNotFoundException => SignalErrors.InvalidKey,
        SecurityTokenInvalidSignatureException => SignalErrors.AuthenticationFailed,
        _ => SignalErrors.InvalidRequest,
    };

    private static string DescribeFailure(Exception? e, TransmitterPolicy t) => e switch
    {
        SecurityTokenInvalidAudienceException => $"aud does not name '{Clip(t.Audience)}', the audience registered for transmitter '{t.Name}'",
        SecurityTokenSignatureKeyNotFoundException => $"no key of transmitter '{t.Name}' matches the SET's kid",
        SecurityTokenInvalidSignatureException => $"the signature does not verify with the keys of transmitter '{t.Name}'",
        SecurityTokenInvalidAlgorithmException => $"the SET's alg is not accepted for transmitter '{t.Name}'",
        _ => "the SET could not be validated: " + (e?.GetType().Name ?? "unknown error"),
    };

    private static (VerifiedSet?, SignalAnswer?) Refuse(string err, string description) => (null, SignalAnswer.Refused(err, description));

    internal static string Clip(string? text) =>
        text is null ? "" : new string([.. (text.Length <= 80 ? text : text[..80] + "…").Select(c => char.IsControl(c) ? '?' : c)]);
}
