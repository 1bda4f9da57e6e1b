namespace Revocation.Core.Policy;

/// <summary>
/// A registered Security Event Token transmitter (<c>transmitters</c> in <c>policies.json</c>, docs/partners.md): a partner
/// or identity system that may push signed SETs to <c>POST /api/signals</c>.
/// </summary>
public sealed record TransmitterPolicy
{
    /// <summary>The signing algorithms a transmitter may use when the policy names none.</summary>
    public static readonly IReadOnlyList<string> DefaultAlgorithms = ["RS256", "PS256", "ES256"];

    /// <summary>Asymmetric JWS algorithms only: <c>none</c> and HMAC (<c>HS*</c>) are refused when the policy is loaded.</summary>
    public static readonly IReadOnlyList<string> AllowedAlgorithms =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary>The key under <c>transmitters</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The SET's <c>iss</c>; unique across transmitters (it selects the transmitter).</summary>
    public required string Issuer { get; init; }

    /// <summary>The CloudEvents <c>source</c> its events carry, so <c>transfer.allowedSources</c> applies to it as to a queue publisher.</summary>
    public required string Source { get; init; }

    /// <summary>The <c>aud</c> the SET must name (this receiver, as registered with the transmitter).</summary>
    public required string Audience { get; init; }

    /// <summary>Inline JWKS (RFC 7517), as JSON text: public keys only. Exactly one of this and <see cref="JwksUri"/>.</summary>
    public string? KeysJson { get; init; }

    /// <summary>Where the transmitter publishes its JWKS: https (http only on loopback, for tests and local runs).</summary>
    public Uri? JwksUri { get; init; }

    /// <summary>Accepted <c>alg</c> values, a subset of <see cref="AllowedAlgorithms"/>. Default <see cref="DefaultAlgorithms"/>.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = DefaultAlgorithms;

    /// <summary>Event type URIs it may send (<see cref="Events.SetEventTypes"/>); anything else is refused <c>access_denied</c>.</summary>
    public required IReadOnlyList<string> Events { get; init; }
}
