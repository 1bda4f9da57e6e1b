using Microsoft.IdentityModel.Tokens;

namespace Revocation.Signals;

/// <summary>A transmitter's verification keys, or why they cannot be had (a JWKS URL that failed or did not answer in time).</summary>
public sealed record JwksLookup(IReadOnlyList<JsonWebKey> Keys, string? Error)
{
    public static JwksLookup Found(IReadOnlyList<JsonWebKey> keys) => new(keys, null);

    public static JwksLookup Failed(string error) => new([], error);
}
