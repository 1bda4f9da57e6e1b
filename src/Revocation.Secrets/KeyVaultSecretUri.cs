using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Revocation.Secrets;

/// <summary>
/// A Key Vault secret reference: <c>https://{vault}.vault.azure.net/secrets/{name}[/{version}]</c> (and the
/// sovereign clouds' vault suffixes). <see cref="VaultUri"/> is <c>https://{vault}.vault.azure.net/</c>.
/// </summary>
public sealed partial record KeyVaultSecretUri(Uri VaultUri, string Name, string? Version)
{
    private static readonly string[] VaultSuffixes =
        [".vault.azure.net", ".vault.azure.cn", ".vault.usgovcloudapi.net", ".vault.microsoftazure.de"];

    public static bool TryParse(string? reference, [NotNullWhen(true)] out KeyVaultSecretUri? parsed)
    {
        parsed = null;
        if (!Uri.TryCreate(reference, UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttps
            || !uri.IsDefaultPort
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo)
            || !VaultSuffixes.Any(s => uri.Host.EndsWith(s, StringComparison.OrdinalIgnoreCase) && uri.Host.Length > s.Length))
        {
            return false;
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length is < 2 or > 3 || segments[0] != "secrets" || !SecretName().IsMatch(segments[1])
            || (segments.Length == 3 && !SecretVersion().IsMatch(segments[2])))
        {
            return false;
        }

        parsed = new KeyVaultSecretUri(new Uri($"https://{uri.Host.ToLowerInvariant()}/"), segments[1], segments.Length == 3 ? segments[2] : null);
        return true;
    }

    // Key Vault object names: 1-127 letters, digits and dashes. Versions: 32 hex characters.
    [GeneratedRegex("^[0-9A-Za-z-]{1,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex("^[0-9A-Fa-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretVersion();
}
