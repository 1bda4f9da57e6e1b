using Revocation.Core.Policy;

namespace Revocation.Core.Discovery;

/// <summary>
/// The port beside revocation for providers that can list their credentials (reconciliation): one adapter per
/// provider kind, using the same provider policy and the app's identity. <c>oauth2</c> (RFC 7009) servers cannot list.
/// </summary>
public interface ICredentialInventory
{
    /// <summary>The provider kind this adapter lists (<c>graph</c>, <c>github</c>, <c>webhook</c>).</summary>
    string Kind { get; }

    /// <summary>
    /// The provider's whole inventory, every page read. A listing that cannot be completed (an outage, throttling past
    /// the retry budget, an expired page token that a restart from the first page did not get past, a provider
    /// misconfigured) throws <see cref="InventoryIncompleteException"/>: the caller then draws no conclusion at all, so
    /// an outage never makes a credential look vanished.
    /// </summary>
    Task<IReadOnlyList<DiscoveredCredential>> ListAsync(ProviderPolicy provider, CancellationToken cancellationToken);
}
