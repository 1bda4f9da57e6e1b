using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Revocation.Core.Discovery;

namespace Revocation.Providers.Webhook;

/// <summary>
/// One page of a webhook inventory: <c>{"credentials":[{"handle","kind","displayName","container","owner","createdAt",
/// "expiresAt","lastUsedAt"}],"next":"&lt;url&gt;"|null}</c> (docs/providers.md). <c>handle</c> and <c>kind</c> are
/// required; dates are ISO 8601. Null when the page breaks the format: an entry that cannot be read is not skipped.
/// </summary>
internal sealed record WebhookInventoryPage(IReadOnlyList<DiscoveredCredential> Credentials, string? Next)
{
    public static WebhookInventoryPage? TryParse(string body, out string? problem)
    {
        problem = null;
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json?["credentials"] is not JsonArray entries)
        {
            problem = "page is not an object with a credentials array";
            return null;
        }

        var credentials = new List<DiscoveredCredential>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry is not JsonObject item || Text(item, "handle") is not { Length: > 0 } handle || Text(item, "kind") is not { Length: > 0 } kind)
            {
                problem = "a listed credential without handle or kind";
                return null;
            }

            credentials.Add(new DiscoveredCredential
            {
                Handle = handle,
                CredentialKind = kind,
                DisplayName = Text(item, "displayName"),
                Container = Text(item, "container"),
                Owner = Text(item, "owner"),
                CreatedAt = Date(item, "createdAt"),
                ExpiresAt = Date(item, "expiresAt"),
                LastUsedAt = Date(item, "lastUsedAt"),
            });
        }

        return new WebhookInventoryPage(credentials, Text(json, "next"));
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static DateTimeOffset? Date(JsonObject obj, string name) =>
        DateTimeOffset.TryParse(Text(obj, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
