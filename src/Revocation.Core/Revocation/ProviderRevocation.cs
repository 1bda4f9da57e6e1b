using Revocation.Core.Policy;

namespace Revocation.Core.Revocation;

/// <summary>What a provider adapter needs to revoke one token. Carries references, never a token value.</summary>
/// <param name="TokenId">The token's id in the pipeline (for correlation and webhook payloads).</param>
/// <param name="Provider">The provider's policy entry (endpoint, client, secret references).</param>
/// <param name="Credential">How the provider identifies the credential: a handle and/or a secret reference.</param>
/// <param name="Reason">Why the token is revoked (<c>expired</c>, <c>idle</c>, ...).</param>
public sealed record ProviderRevocation(
    string TokenId,
    ProviderPolicy Provider,
    CredentialReference Credential,
    string Reason);
