using System.Text.Json;
using Revocation.Core.Events;

namespace Revocation.Core.Policy;

/// <summary>The <c>transmitters</c> section of <see cref="PolicyReader"/>: who may push signed SETs (docs/partners.md).</summary>
internal sealed partial class PolicyReader
{
    private static readonly string[] TransmitterFields = ["issuer", "source", "audience", "keys", "jwksUri", "algorithms", "events"];

    /// <summary>JWK members that hold private or symmetric key material: never in a policy file.</summary>
    private static readonly string[] PrivateKeyMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    public Dictionary<string, TransmitterPolicy> ReadTransmitters(JsonElement root, string path)
    {
        var result = new Dictionary<string, TransmitterPolicy>(StringComparer.Ordinal);
        if (!root.TryGetProperty("transmitters", out var section)) return result;
        if (section.ValueKind != JsonValueKind.Object) { problems.Add($"{path}: must be an object"); return result; }
        var issuers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in section.EnumerateObject())
        {
            var at = $"{path}['{t.Name}']";
            if (t.Value.ValueKind != JsonValueKind.Object) { problems.Add($"{at}: must be an object"); continue; }
            CheckKnown(t.Value, at, TransmitterFields);
            var issuer = Text(t.Value, "issuer", at, required: true);
            if (issuer is not null && !issuers.TryAdd(issuer, t.Name))
                problems.Add($"{at}.issuer: '{issuer}' is already the issuer of transmitter '{issuers[issuer]}'");
            var source = Text(t.Value, "source", at, required: true);
            if (source == Tokens.TokenFold.PipelineSource) problems.Add($"{at}.source: '{source}' is reserved for the pipeline");
            var keys = Keys(t.Value, at);
            var jwksUri = Url(t.Value, "jwksUri", at, required: false);
            if (t.Value.TryGetProperty("keys", out _) == t.Value.TryGetProperty("jwksUri", out _))
                problems.Add($"{at}: needs exactly one of keys (an inline JWKS) and jwksUri");
            result[t.Name] = new TransmitterPolicy
            {
                Name = t.Name,
                Issuer = issuer ?? "",
                Source = source ?? "",
                Audience = Text(t.Value, "audience", at, required: true) ?? "",
                KeysJson = keys,
                JwksUri = jwksUri,
                Algorithms = Algorithms(t.Value, at),
                Events = TransmitterEvents(t.Value, at),
            };
        }
        return result;
    }

    private string? Keys(JsonElement t, string at)
    {
        if (!t.TryGetProperty("keys", out var jwks)) return null;
        if (jwks.ValueKind != JsonValueKind.Object || !jwks.TryGetProperty("keys", out var list) || list.ValueKind != JsonValueKind.Array ||
            list.GetArrayLength() == 0)
        {
            problems.Add($"{at}.keys: must be a JWKS: an object with a non-empty \"keys\" array");
            return null;
        }
        var i = 0;
        var ok = true;
        foreach (var key in list.EnumerateArray())
        {
            var k = $"{at}.keys.keys[{i++}]";
            if (key.ValueKind != JsonValueKind.Object) { problems.Add($"{k}: must be an object (a JWK)"); ok = false; continue; }
            var kty = key.TryGetProperty("kty", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (kty is not ("RSA" or "EC")) { problems.Add($"{k}.kty: must be RSA or EC (public keys only; no symmetric keys)"); ok = false; }
            foreach (var member in PrivateKeyMembers.Where(m => key.TryGetProperty(m, out _)))
            {
                problems.Add($"{k}.{member}: private or symmetric key material must not be in the policy: register the public key only");
                ok = false;
            }
        }
        return ok ? jwks.GetRawText() : null;
    }

    private List<string> Algorithms(JsonElement t, string at)
    {
        if (!t.TryGetProperty("algorithms", out var a)) return [.. TransmitterPolicy.DefaultAlgorithms];
        var list = new List<string>();
        if (a.ValueKind != JsonValueKind.Array || a.GetArrayLength() == 0)
        {
            problems.Add($"{at}.algorithms: must be a non-empty array of JWS algorithms");
            return list;
        }
        var i = 0;
        foreach (var alg in a.EnumerateArray())
        {
            var name = alg.ValueKind == JsonValueKind.String ? alg.GetString()! : alg.GetRawText();
            if (TransmitterPolicy.AllowedAlgorithms.Contains(name)) list.Add(name);
            else problems.Add($"{at}.algorithms[{i}]: '{name}' is not allowed: asymmetric algorithms only " +
                $"({string.Join(", ", TransmitterPolicy.AllowedAlgorithms)}); never none or HMAC");
            i++;
        }
        return list;
    }

    private List<string> TransmitterEvents(JsonElement t, string at)
    {
        var list = new List<string>();
        if (!t.TryGetProperty("events", out var e) || e.ValueKind != JsonValueKind.Array || e.GetArrayLength() == 0)
        {
            problems.Add($"{at}.events: is required: a non-empty array of the event type URIs it may send");
            return list;
        }
        var i = 0;
        foreach (var type in e.EnumerateArray())
        {
            var uri = type.ValueKind == JsonValueKind.String ? type.GetString()! : type.GetRawText();
            if (SetEventTypes.IsKnown(uri)) list.Add(uri);
            else problems.Add($"{at}.events[{i}]: '{uri}' is not an event type the receiver maps (docs/partners.md)");
            i++;
        }
        return list;
    }
}
