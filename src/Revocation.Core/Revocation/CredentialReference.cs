namespace Revocation.Core.Revocation;

/// <summary>
/// How a provider can revoke a token, from the issuance event's <c>credential</c>: a provider-specific
/// <paramref name="Handle"/> (a Graph keyId path, a GitHub PAT id) and/or a <paramref name="SecretRef"/>
/// pointing at the token value in a secret store (<c>env:</c>, Key Vault URI, <c>local:</c>).
/// </summary>
public sealed record CredentialReference(string? Handle, string? SecretRef);
