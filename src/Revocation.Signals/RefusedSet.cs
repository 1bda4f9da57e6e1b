using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Revocation.Signals;

/// <summary>
/// What is kept of a refused SET for operators (<c>revctl poison list signals</c>): its decoded header and claims when they
/// are JSON (else the first bytes of the segment), the SHA-256 of the whole token (to match the transmitter's log) and its
/// size. Never the signature segment: a kept SET cannot be replayed from the store, and its signature is not logged.
/// </summary>
internal static class RefusedSet
{
    /// <summary>Longest undecodable segment kept, in characters.</summary>
    private const int MaxRawSegment = 512;

    public static (string MessageId, string Body) Describe(string token, int bytes, bool complete, string? eventType)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var segments = token.Split('.');
        var header = segments.Length > 0 ? Segment(segments[0]) : null;
        var claims = segments.Length > 1 ? Segment(segments[1]) : null;
        string? jti = null, iss = null;
        if (claims is JsonObject c)
        {
            jti = c["jti"] is JsonValue j && j.TryGetValue<string>(out var js) ? js : null;
            iss = c["iss"] is JsonValue i && i.TryGetValue<string>(out var s) ? s : null;
        }
        var body = new JsonObject
        {
            ["type"] = eventType ?? "security-event-token",
            ["id"] = jti,
            ["source"] = iss,
            ["header"] = header,
            ["claims"] = claims,
            ["segments"] = segments.Length,
            ["bytes"] = bytes,
            ["complete"] = complete,
            ["tokenSha256"] = complete ? sha : null,
        };
        var id = !string.IsNullOrWhiteSpace(jti) && jti.Length <= 256 && !jti.Any(char.IsControl) ? jti : "sha256-" + sha[..16];
        return (id, body.ToJsonString());
    }

    private static JsonNode? Segment(string segment)
    {
        if (segment.Length == 0) return null;
        try
        {
            var node = JsonNode.Parse(Base64UrlEncoder.Decode(segment));
            if (node is JsonObject) return node;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or JsonException)
        {
        }
        return JsonValue.Create(segment.Length <= MaxRawSegment ? segment : segment[..MaxRawSegment] + "…");
    }
}
