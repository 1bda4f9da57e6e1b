using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Revocation.Signals;

/// <summary>
/// Transmitter keys for <c>revctl signals</c> and tests: a new signing key as a private JWK, the public JWKS a transmitter
/// registers (<c>transmitters.*.keys</c>), and a private JWK read back for signing. RSA (RS256, PS256) or P-256 (ES256).
/// </summary>
public static class SetKeys
{
    /// <summary>A new private JWK (with <c>kid</c> and <c>alg</c>) for <paramref name="alg"/>.</summary>
    public static JsonObject Generate(string alg, string kid)
    {
        ArgumentNullException.ThrowIfNull(alg);
        if (alg.StartsWith("ES", StringComparison.Ordinal))
        {
            if (alg != "ES256") throw new ArgumentException("ES256 is the EC algorithm revctl generates keys for", nameof(alg));
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var p = ec.ExportParameters(includePrivateParameters: true);
            return new JsonObject
            {
                ["kty"] = "EC", ["crv"] = "P-256", ["kid"] = kid, ["alg"] = alg, ["use"] = "sig",
                ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!), ["d"] = B64(p.D!),
            };
        }
        if (alg is not ("RS256" or "PS256")) throw new ArgumentException($"'{alg}' is not RS256, PS256 or ES256", nameof(alg));
        using var rsa = RSA.Create(2048);
        var r = rsa.ExportParameters(includePrivateParameters: true);
        return new JsonObject
        {
            ["kty"] = "RSA", ["kid"] = kid, ["alg"] = alg, ["use"] = "sig", ["n"] = B64(r.Modulus!), ["e"] = B64(r.Exponent!),
            ["d"] = B64(r.D!), ["p"] = B64(r.P!), ["q"] = B64(r.Q!), ["dp"] = B64(r.DP!), ["dq"] = B64(r.DQ!), ["qi"] = B64(r.InverseQ!),
        };
    }

    /// <summary>The public JWKS of <paramref name="privateJwks"/> (each JWK without its private members).</summary>
    public static JsonObject PublicJwks(params JsonObject[] privateJwks)
    {
        ArgumentNullException.ThrowIfNull(privateJwks);
        var keys = new JsonArray();
        foreach (var jwk in privateJwks)
        {
            var pub = new JsonObject();
            foreach (var (name, value) in jwk)
                if (name is not ("d" or "p" or "q" or "dp" or "dq" or "qi")) pub[name] = value?.DeepClone();
            keys.Add(pub);
        }
        return new JsonObject { ["keys"] = keys };
    }

    /// <summary>A private JWK (JSON text) as a signing key; refuses a public-only or symmetric key with a message naming why.</summary>
    public static JsonWebKey ReadPrivate(string json)
    {
        var jwk = new JsonWebKey(json);
        if (jwk.Kty is not ("RSA" or "EC")) throw new ArgumentException($"the key's kty is '{jwk.Kty}': an RSA or EC private key is needed");
        if (string.IsNullOrEmpty(jwk.D)) throw new ArgumentException("the key has no private part (d): sign with the private JWK, register the public one");
        return jwk;
    }

    private static string B64(byte[] bytes) => Base64UrlEncoder.Encode(bytes);
}
