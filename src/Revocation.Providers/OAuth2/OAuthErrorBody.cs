using System.Text.Json;

namespace Revocation.Providers.OAuth2;

/// <summary>An RFC 6749 §5.2 error body (<c>error</c>, <c>error_description</c>), read leniently.</summary>
internal readonly record struct OAuthErrorBody(string? Error, string? Description)
{
    public static OAuthErrorBody Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            return new OAuthErrorBody(ReadString(document.RootElement, "error"), ReadString(document.RootElement, "error_description"));
        }
        catch (JsonException)
        {
            // Some servers answer text or HTML; the status code alone then decides.
            return default;
        }
    }

    private static string? ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
