namespace Revocation.Core.Policy;

/// <summary>
/// One entry of <c>providers</c> in <c>policies.json</c>. Which properties apply depends on <see cref="Kind"/>;
/// <see cref="PolicyLoader"/> checks that the ones a kind needs are present.
/// </summary>
public sealed record ProviderPolicy
{
    /// <summary>The provider's key in <c>providers</c>.</summary>
    public required string Name { get; init; }

    /// <summary><c>oauth2</c>, <c>graph</c>, <c>github</c> or <c>webhook</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>oauth2: the RFC 7009 endpoint.</summary>
    public Uri? RevocationEndpoint { get; init; }

    /// <summary>oauth2: optional RFC 7662 endpoint, used to read back after an ambiguous answer.</summary>
    public Uri? IntrospectionEndpoint { get; init; }

    /// <summary>oauth2 / github OAuth apps: the client id.</summary>
    public string? ClientId { get; init; }

    /// <summary>oauth2 / github OAuth apps: secret reference of the client secret.</summary>
    public string? ClientSecretRef { get; init; }

    /// <summary>oauth2: <c>access_token</c> or <c>refresh_token</c>; default <c>access_token</c>.</summary>
    public string? TokenTypeHint { get; init; }

    /// <summary>oauth2: <c>client_secret_basic</c> (default) or <c>client_secret_post</c>.</summary>
    public string? ClientAuthMethod { get; init; }

    /// <summary>graph / github: API base address; defaults to the public cloud endpoints.</summary>
    public Uri? BaseAddress { get; init; }

    /// <summary>github: organization for fine-grained PAT revocation (<c>pat:{id}</c> handles).</summary>
    public string? Organization { get; init; }

    /// <summary>
    /// github: the GitHub App (App id, or its client id) whose installation in <see cref="Organization"/> has the
    /// organization permission "Personal access tokens: read and write". Used as the JWT's <c>iss</c>.
    /// </summary>
    public string? AppId { get; init; }

    /// <summary>github: secret reference of the GitHub App's PEM private key (PKCS#1 or PKCS#8 RSA).</summary>
    public string? AppPrivateKeyRef { get; init; }

    /// <summary>github: the App's installation id in <see cref="Organization"/>; a positive integer.</summary>
    public long? InstallationId { get; init; }

    /// <summary>webhook: the URL that receives the signed revocation request.</summary>
    public Uri? Url { get; init; }

    /// <summary>webhook: secret reference of the HMAC-SHA256 signing key.</summary>
    public string? SigningSecretRef { get; init; }

    /// <summary>
    /// webhook: optional URL of the credential inventory (reconciliation), read with a signed GET; without it the
    /// webhook provider cannot list. Format: docs/providers.md, "Listing (reconciliation)".
    /// </summary>
    public Uri? InventoryUrl { get; init; }

    /// <summary>Per-call timeout. Default 30 s, range 1 s to 5 min.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
