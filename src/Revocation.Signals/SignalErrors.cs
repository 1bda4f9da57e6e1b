namespace Revocation.Signals;

/// <summary>The error codes of RFC 8935 §2.4 (the <c>err</c> member of a 400 answer), and what the receiver means by each.</summary>
public static class SignalErrors
{
    /// <summary>The request or the SET cannot be parsed or breaks a rule: size, content type, claims, freshness, event shape, unknown event type.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>The signing key or algorithm is unacceptable: an unknown <c>kid</c>, an algorithm not registered for the transmitter (HMAC), a JWKS that cannot be had.</summary>
    public const string InvalidKey = "invalid_key";

    /// <summary>The <c>iss</c> is not a registered transmitter.</summary>
    public const string InvalidIssuer = "invalid_issuer";

    /// <summary>The <c>aud</c> is not the audience registered for the transmitter.</summary>
    public const string InvalidAudience = "invalid_audience";

    /// <summary>The signature does not verify with the transmitter's key, or the SET is unsigned (<c>alg: none</c>).</summary>
    public const string AuthenticationFailed = "authentication_failed";

    /// <summary>The transmitter may not send this event type.</summary>
    public const string AccessDenied = "access_denied";
}
