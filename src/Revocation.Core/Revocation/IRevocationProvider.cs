namespace Revocation.Core.Revocation;

/// <summary>
/// A provider's revocation API, behind one port. Each adapter maps the provider's answers to a
/// <see cref="RevocationOutcome"/>; it never throws for an answer the provider gave (4xx, 5xx, 429),
/// only for a broken invariant or cancellation.
/// </summary>
public interface IRevocationProvider
{
    /// <summary>The policy <c>kind</c> this adapter serves: <c>oauth2</c>, <c>graph</c>, <c>github</c>, <c>webhook</c>.</summary>
    string Kind { get; }

    /// <summary>Revokes one credential. The token value, when needed, is read from the secret store for this call only.</summary>
    Task<RevocationOutcome> RevokeAsync(ProviderRevocation request, CancellationToken cancellationToken);
}
