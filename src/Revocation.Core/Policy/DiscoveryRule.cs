using System.Text.RegularExpressions;
using Revocation.Core.Discovery;

namespace Revocation.Core.Policy;

/// <summary>
/// One classification rule of <c>discovery.rules</c>. Every condition given must hold; an absent one, or <c>*</c>,
/// matches anything. <see cref="NamePattern"/> is a glob (<c>*</c> any run, <c>?</c> one character) over the
/// credential's display name; all comparisons ignore case.
/// </summary>
public sealed record DiscoveryRule
{
    /// <summary>The provider (a key of <c>providers</c>) whose listing this rule applies to. Required.</summary>
    public required string Provider { get; init; }

    /// <summary>The container: a Graph application's appId, a GitHub organization. Null or <c>*</c>: any.</summary>
    public string? Container { get; init; }

    /// <summary>Glob over the credential's display name. Null: any (also a credential without a name).</summary>
    public string? NamePattern { get; init; }

    /// <summary>The credential kind (<c>password</c>, <c>key</c>, <c>pat</c>...). Null: any.</summary>
    public string? Kind { get; init; }

    /// <summary>The class a matching credential is governed by; its provider is <see cref="Provider"/>. Required.</summary>
    public required string Class { get; init; }

    public bool Matches(string provider, DiscoveredCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return string.Equals(provider, Provider, StringComparison.Ordinal)
            && (Container is null or "*" || string.Equals(Container, credential.Container, StringComparison.OrdinalIgnoreCase))
            && (Kind is null || string.Equals(Kind, credential.CredentialKind, StringComparison.OrdinalIgnoreCase))
            && (NamePattern is null || Glob(NamePattern, credential.DisplayName ?? ""));
    }

    /// <summary>A whole-string, case-insensitive glob match, with a timeout against pathological patterns.</summary>
    public static bool Glob(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(text, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }
}
