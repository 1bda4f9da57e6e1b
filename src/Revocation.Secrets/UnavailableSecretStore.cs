using Revocation.Core.Secrets;

namespace Revocation.Secrets;

/// <summary>
/// Stands in for a store the host did not configure (Key Vault without a credential, <c>local:</c> outside
/// dev): it claims the references so that using one fails with a message that says how to fix it.
/// </summary>
internal sealed class UnavailableSecretStore(Func<string, bool> canResolve, string message) : ISecretStore
{
    public bool CanResolve(string reference) => canResolve(reference);

    public Task<string?> TryGetAsync(string reference, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(message);

    public Task<bool> TryDeleteAsync(string reference, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(message);
}
