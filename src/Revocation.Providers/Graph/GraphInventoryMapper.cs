using System.Globalization;
using System.Text.Json.Nodes;
using Revocation.Core.Discovery;

namespace Revocation.Providers.Graph;

/// <summary>
/// Turns Graph application and service principal objects into <see cref="DiscoveredCredential"/>s whose handles are
/// the revocation handles of <see cref="GraphCredentialHandle"/> (docs/providers.md). An entry it cannot read throws
/// <see cref="FormatException"/>: skipping it could make a known credential look gone.
/// </summary>
internal static class GraphInventoryMapper
{
    public static IEnumerable<DiscoveredCredential> Map(string collection, JsonObject obj, IEnumerable<JsonObject> federated)
    {
        var objectId = Text(obj, "id");
        if (!Guid.TryParseExact(objectId, "D", out _))
        {
            throw new FormatException($"a listed {collection} object without a readable id");
        }

        var owner = Owner(obj);
        var container = Text(obj, "appId");
        var containerName = Text(obj, "displayName");
        var kinds = collection == GraphCredentialHandle.Applications
            ? new[] { (GraphCredentialHandle.Password, "password"), (GraphCredentialHandle.Key, "key") }
            : [(GraphCredentialHandle.Password, "password")];
        foreach (var (type, kind) in kinds)
        {
            foreach (var credential in (obj[type] as JsonArray ?? []).OfType<JsonObject>())
            {
                var keyId = Text(credential, "keyId");
                if (!Guid.TryParseExact(keyId, "D", out _))
                {
                    throw new FormatException($"a listed {type} entry without a readable keyId");
                }

                yield return new DiscoveredCredential
                {
                    Handle = $"{collection}/{objectId}/{type}/{keyId}",
                    CredentialKind = kind,
                    DisplayName = Text(credential, "displayName"),
                    Container = container,
                    ContainerName = containerName,
                    Owner = owner,
                    CreatedAt = Date(credential, "startDateTime"),
                    ExpiresAt = Date(credential, "endDateTime"),
                };
            }
        }

        foreach (var credential in federated)
        {
            var name = Text(credential, "name");
            if (!GraphCredentialHandle.TryParse($"{collection}/{objectId}/{GraphCredentialHandle.Federated}/{name}", out var handle))
            {
                throw new FormatException("a listed federated credential without a readable name");
            }

            yield return new DiscoveredCredential
            {
                Handle = $"{collection}/{objectId}/{GraphCredentialHandle.Federated}/{handle!.CredentialId}",
                CredentialKind = "federated",
                DisplayName = name,
                Container = container,
                ContainerName = containerName,
                Owner = owner,
            };
        }
    }

    /// <summary>The first owner with a userPrincipalName (or else mail); null when no owner is a person.</summary>
    private static string? Owner(JsonObject obj) =>
        (obj["owners"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(o => Text(o, "userPrincipalName") ?? Text(o, "mail"))
            .FirstOrDefault(o => !string.IsNullOrEmpty(o));

    public static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static DateTimeOffset? Date(JsonObject obj, string name) =>
        DateTimeOffset.TryParse(Text(obj, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
