using System.Text.RegularExpressions;

namespace Revocation.Providers.Graph;

/// <summary>
/// A Graph credential handle: <c>applications/{objectId}/passwordCredentials/{keyId}</c>,
/// <c>servicePrincipals/{objectId}/passwordCredentials/{keyId}</c>,
/// <c>applications/{objectId}/federatedIdentityCredentials/{idOrName}</c> or
/// <c>applications/{objectId}/keyCredentials/{keyId}</c>. Object ids and key ids are GUIDs.
/// </summary>
internal sealed partial record GraphCredentialHandle(string Collection, Guid ObjectId, string CredentialType, string CredentialId)
{
    public const string Applications = "applications";
    public const string ServicePrincipals = "servicePrincipals";
    public const string Password = "passwordCredentials";
    public const string Federated = "federatedIdentityCredentials";
    public const string Key = "keyCredentials";

    public static bool TryParse(string? handle, out GraphCredentialHandle? parsed)
    {
        parsed = null;
        var parts = handle?.Split('/');
        if (parts is not { Length: 4 } || !Guid.TryParseExact(parts[1], "D", out var objectId))
        {
            return false;
        }

        var (collection, type, id) = (parts[0], parts[2], parts[3]);
        var valid = (collection, type) switch
        {
            (Applications or ServicePrincipals, Password) => Guid.TryParseExact(id, "D", out _),
            (Applications, Key) => Guid.TryParseExact(id, "D", out _),
            (Applications, Federated) => FederatedName().IsMatch(id),
            _ => false,
        };
        if (valid)
        {
            parsed = new GraphCredentialHandle(collection, objectId, type, id);
        }

        return valid;
    }

    /// <summary>Path of the owning object under <c>/v1.0/</c>: <c>applications/{id}</c>.</summary>
    public string ObjectPath => $"{Collection}/{ObjectId:D}";

    // A federated credential's id (GUID) or name: Entra allows letters, digits, '-' and '_' (max 120).
    [GeneratedRegex("^[A-Za-z0-9_-]{1,120}$", RegexOptions.CultureInvariant)]
    private static partial Regex FederatedName();
}
