using System.Text.Json;
using System.Text.Json.Nodes;

namespace Revocation.Providers.Graph;

/// <summary>Small readers for Graph's JSON answers.</summary>
internal static class GraphJson
{
    /// <summary>The <c>error.code</c> of a Graph error body, or null.</summary>
    public static string? ErrorCode(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["error"]?["code"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The entries of a credential collection (<c>passwordCredentials</c>, <c>keyCredentials</c>), or null when unreadable.</summary>
    public static JsonArray? Credentials(string body, string collection)
    {
        try
        {
            return JsonNode.Parse(body)?[collection] as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool ContainsKeyId(JsonArray credentials, string keyId) =>
        credentials.Any(c => IsKeyId(c, keyId));

    public static bool IsKeyId(JsonNode? credential, string keyId) =>
        credential?["keyId"] is JsonValue value
        && value.TryGetValue<string>(out var id)
        && string.Equals(id, keyId, StringComparison.OrdinalIgnoreCase);
}
