using System.Collections.Concurrent;
using Revocation.Core.Secrets;

namespace Revocation.Providers.Tests.Support;

/// <summary><c>mem:NAME</c> references to values held in memory.</summary>
public sealed class InMemorySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<string, string> values = new(StringComparer.Ordinal);

    public string Put(string name, string value)
    {
        values[name] = value;
        return "mem:" + name;
    }

    public bool CanResolve(string reference) => reference.StartsWith("mem:", StringComparison.Ordinal);

    public Task<string?> TryGetAsync(string reference, CancellationToken cancellationToken) =>
        Task.FromResult(values.TryGetValue(reference[4..], out var value) ? value : null);

    public Task<bool> TryDeleteAsync(string reference, CancellationToken cancellationToken) =>
        Task.FromResult(values.TryRemove(reference[4..], out _));
}
