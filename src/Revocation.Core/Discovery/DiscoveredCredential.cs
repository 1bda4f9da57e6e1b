namespace Revocation.Core.Discovery;

/// <summary>
/// One credential as its provider lists it. <see cref="Handle"/> is both the credential's stable identity at the
/// provider and what the revocation adapter of the same kind takes (a Graph handle such as
/// <c>applications/{objectId}/passwordCredentials/{keyId}</c>, a GitHub <c>pat:{id}</c>). Never a secret value.
/// </summary>
public sealed record DiscoveredCredential
{
    /// <summary>Stable identity at the provider and the revocation handle (docs/providers.md).</summary>
    public required string Handle { get; init; }

    /// <summary>What it is: <c>password</c>, <c>key</c>, <c>federated</c>, <c>pat</c>, or a webhook inventory's own word.</summary>
    public required string CredentialKind { get; init; }

    /// <summary>The credential's own name at the provider (a secret's display name, a PAT's name), if any.</summary>
    public string? DisplayName { get; init; }

    /// <summary>
    /// Where it lives: the application's appId (Graph), the organization (GitHub), the webhook inventory's own
    /// grouping. Classification rules match on it.
    /// </summary>
    public string? Container { get; init; }

    /// <summary>The container's name (an app registration's display name), for rules and reports.</summary>
    public string? ContainerName { get; init; }

    /// <summary>
    /// The owner as the provider reports it, as a person id (contracts §1: compared case-insensitively): a Graph
    /// application's first owner's userPrincipalName, a GitHub PAT owner's login. Null when the provider names none.
    /// </summary>
    public string? Owner { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Last use as the provider reports it (GitHub <c>token_last_used_at</c>); null when it does not.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }
}
