using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Revocation.Core.Events;

/// <summary>
/// Makes a rejected message safe to keep: a publisher that wrongly sent a token value must not get it stored.
/// JSON: the values of secret-named properties (at any depth) are replaced. Not JSON: long opaque runs
/// (the shape of tokens and JWTs) are replaced. Everything else of the message is kept for the operator.
/// </summary>
public static partial class SecretRedaction
{
    public const string Mask = "***redacted***";

    /// <summary>Property names whose values are token values or secrets.</summary>
    public static readonly IReadOnlySet<string> SecretNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "value", "token", "secret", "accessToken", "access_token", "refreshToken", "refresh_token", "password", "clientSecret", "client_secret",
    };

    public static string Redact(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return OpaqueRun().Replace(body, Mask);
        }
        if (node is null || !RedactNode(node)) return body;
        return node.ToJsonString();
    }

    private static bool RedactNode(JsonNode node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (SecretNames.Contains(name) && child is JsonValue) { obj[name] = Mask; changed = true; }
                    else if (child is not null) changed |= RedactNode(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array) if (child is not null) changed |= RedactNode(child);
                break;
        }
        return changed;
    }

    [GeneratedRegex("[A-Za-z0-9_~+/=.-]{32,}")]
    private static partial Regex OpaqueRun();
}
