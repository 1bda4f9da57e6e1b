using System.Text;
using Revocation.Core.Events;

namespace Revocation.Core.Discovery;

/// <summary>
/// What a provider lists is input like any event: a credential whose handle or owner breaks the intake's identifier
/// rules (docs/events.md: ≤ 256 characters and 340 UTF-8 bytes, no control characters), or whose names are over 512
/// characters or hold control characters, is not recorded; the run reports it with the reason instead.
/// </summary>
public static class DiscoveredCredentialCheck
{
    /// <summary>Longest display name, container or kind kept from a provider.</summary>
    public const int MaxTextLength = 512;

    /// <summary>Why <paramref name="credential"/> cannot be recorded, or null when it can.</summary>
    public static string? Problem(DiscoveredCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return Id("handle", credential.Handle, required: true) ?? Id("owner", credential.Owner, required: false)
            ?? Text("kind", credential.CredentialKind) ?? Text("displayName", credential.DisplayName)
            ?? Text("container", credential.Container) ?? Text("containerName", credential.ContainerName);
    }

    private static string? Id(string name, string? value, bool required) => value switch
    {
        null or "" => required ? $"{name} is empty" : null,
        _ when value.Length > JsonFields.MaxIdLength || Encoding.UTF8.GetByteCount(value) > JsonFields.MaxIdUtf8Bytes =>
            $"{name} is longer than {JsonFields.MaxIdLength} characters or {JsonFields.MaxIdUtf8Bytes} UTF-8 bytes",
        _ when value.Any(char.IsControl) => $"{name} contains control characters",
        _ => null,
    };

    private static string? Text(string name, string? value) =>
        value is null ? null
        : value.Length > MaxTextLength ? $"{name} is longer than {MaxTextLength} characters"
        : value.Any(char.IsControl) ? $"{name} contains control characters"
        : null;
}
