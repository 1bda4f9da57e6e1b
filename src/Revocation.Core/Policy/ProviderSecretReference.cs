namespace Revocation.Core.Policy;

/// <summary>
/// One secret reference a provider in the policy uses: the provider, the field (<c>clientSecretRef</c>,
/// <c>appPrivateKeyRef</c>, <c>signingSecretRef</c>) and the reference itself (never a value).
/// </summary>
public sealed record ProviderSecretReference(string Provider, string Field, string Reference)
{
    /// <summary>Every secret reference of every provider, in provider order.</summary>
    public static IReadOnlyList<ProviderSecretReference> AllIn(PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var result = new List<ProviderSecretReference>();
        foreach (var p in policy.Providers.Values)
        {
            if (p.ClientSecretRef is { } client) result.Add(new(p.Name, "clientSecretRef", client));
            if (p.AppPrivateKeyRef is { } key) result.Add(new(p.Name, "appPrivateKeyRef", key));
            if (p.SigningSecretRef is { } signing) result.Add(new(p.Name, "signingSecretRef", signing));
        }
        return result;
    }

    /// <summary>The reference as it may be shown: <c>env:NAME</c> and <c>local:NAME</c> whole, a URI without its query.</summary>
    public string Display => Uri.TryCreate(Reference, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
        ? uri.GetLeftPart(UriPartial.Path)
        : Reference;
}
