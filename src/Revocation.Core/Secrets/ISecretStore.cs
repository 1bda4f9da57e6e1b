namespace Revocation.Core.Secrets;

/// <summary>
/// A store of secret values addressed by reference. Implementations: <c>env:NAME</c>, Azure Key Vault
/// secret URIs, and the dev-only encrypted <c>local:</c> store. Values never leave the caller's stack frame:
/// do not log, store or put them in exceptions.
/// </summary>
public interface ISecretStore
{
    /// <summary>True when this store serves <paramref name="reference"/> (by its scheme).</summary>
    bool CanResolve(string reference);

    /// <summary>The secret's value, or null when the reference names nothing.</summary>
    Task<string?> TryGetAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Deletes the value (after a confirmed revocation). Returns false when there was nothing to delete
    /// or the store cannot delete (<c>env:</c>).</summary>
    Task<bool> TryDeleteAsync(string reference, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes several values (after confirmed revocations, e.g. an incident's); returns how many were deleted. One at a
    /// time unless the store can do better (the local store deletes up to 100 in one transaction).
    /// </summary>
    async Task<int> TryDeleteManyAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var deleted = 0;
        foreach (var reference in references)
            if (await TryDeleteAsync(reference, cancellationToken)) deleted++;
        return deleted;
    }
}
