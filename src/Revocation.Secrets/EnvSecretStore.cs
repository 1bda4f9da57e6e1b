using Revocation.Core.Secrets;

namespace Revocation.Secrets;

/// <summary><c>env:NAME</c>: the value of an environment variable. Read-only: deleting always returns false.</summary>
public sealed class EnvSecretStore : ISecretStore
{
    public const string Scheme = "env:";

    public bool CanResolve(string reference) =>
        reference is not null && reference.Length > Scheme.Length && reference.StartsWith(Scheme, StringComparison.Ordinal);

    public Task<string?> TryGetAsync(string reference, CancellationToken cancellationToken)
    {
        var value = Environment.GetEnvironmentVariable(NameOf(reference));
        return Task.FromResult(string.IsNullOrEmpty(value) ? null : value);
    }

    public Task<bool> TryDeleteAsync(string reference, CancellationToken cancellationToken)
    {
        _ = NameOf(reference);
        return Task.FromResult(false);
    }

    private string NameOf(string reference) =>
        CanResolve(reference) ? reference[Scheme.Length..] : throw new ArgumentException("Not an env: reference.", nameof(reference));
}
