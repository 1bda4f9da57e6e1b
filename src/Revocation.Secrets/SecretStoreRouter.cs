using System.Text.RegularExpressions;
using Revocation.Core.Secrets;

namespace Revocation.Secrets;

/// <summary>
/// The <see cref="ISecretStore"/> the pipeline uses: dispatches each reference to the first store that
/// resolves it. An unknown scheme is a configuration error (<see cref="InvalidOperationException"/>) whose
/// message names the scheme only, never the rest of the reference.
/// </summary>
public sealed partial class SecretStoreRouter : ISecretStore
{
    private readonly IReadOnlyList<ISecretStore> stores;

    public SecretStoreRouter(IEnumerable<ISecretStore> stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        this.stores = [.. stores];
    }

    public bool CanResolve(string reference) => Find(reference) is not null;

    public Task<string?> TryGetAsync(string reference, CancellationToken cancellationToken) =>
        Route(reference).TryGetAsync(reference, cancellationToken);

    public Task<bool> TryDeleteAsync(string reference, CancellationToken cancellationToken) =>
        Route(reference).TryDeleteAsync(reference, cancellationToken);

    public async Task<int> TryDeleteManyAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var deleted = 0;
        foreach (var group in references.GroupBy(Route))
            deleted += await group.Key.TryDeleteManyAsync([.. group], cancellationToken);
        return deleted;
    }

    /// <summary>The scheme of a reference if it looks like one (<c>env</c>, <c>https</c>), for messages; else a placeholder.</summary>
    public static string DescribeScheme(string? reference)
    {
        var colon = reference?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        var scheme = colon > 0 ? reference![..colon] : string.Empty;
        return SchemePattern().IsMatch(scheme) ? $"'{scheme}'" : "(unrecognized)";
    }

    private ISecretStore? Find(string reference) =>
        string.IsNullOrEmpty(reference) ? null : stores.FirstOrDefault(s => s.CanResolve(reference));

    private ISecretStore Route(string reference) =>
        Find(reference) ?? throw new InvalidOperationException(
            $"No secret store serves references with scheme {DescribeScheme(reference)}: use env:NAME, a Key Vault secret URI, or local:NAME (dev only).");

    // Schemes are short and plain (RFC 3986 §3.1); anything else may be a pasted secret and is not echoed.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]{0,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePattern();
}
