using Azure;
using Azure.Identity;
using Revocation.Core;
using Revocation.Core.Policy;
using Revocation.Core.Secrets;

namespace Revocation.Secrets.Checks;

/// <summary>
/// Checks that every provider secret reference in the policy resolves, so a missing secret shows at start or in
/// <c>revctl doctor</c> instead of as <c>revocation-failed</c> at 3 a.m. One definition for both: the Functions app's
/// start runs <see cref="SecretCheckScope.Local"/>, <c>revctl doctor</c> runs <see cref="SecretCheckScope.All"/>.
/// Values are read and dropped at once; results and messages name references, never values.
/// </summary>
public sealed class SecretReferenceChecker(ISecretStore store)
{
    public async Task<IReadOnlyList<SecretReferenceResult>> CheckAsync(PolicyDocument policy, SecretCheckScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var results = new List<SecretReferenceResult>();
        foreach (var reference in ProviderSecretReference.AllIn(policy))
            results.Add(await CheckOneAsync(reference, scope, cancellationToken));
        return results;
    }

    private async Task<SecretReferenceResult> CheckOneAsync(ProviderSecretReference reference, SecretCheckScope scope, CancellationToken cancellationToken)
    {
        var isKeyVault = KeyVaultSecretUri.TryParse(reference.Reference, out _);
        if (isKeyVault && scope == SecretCheckScope.Local)
            return new(reference, SecretReferenceStatus.NotChecked, "Key Vault reference: not read at start (revctl doctor reads it)");
        if (!store.CanResolve(reference.Reference))
            return new(reference, SecretReferenceStatus.Unresolvable,
                $"no secret store serves scheme {SecretStoreRouter.DescribeScheme(reference.Reference)}");
        try
        {
            var found = await store.TryGetAsync(reference.Reference, cancellationToken) is { Length: > 0 };
            return found
                ? new(reference, SecretReferenceStatus.Resolved, "resolves")
                : new(reference, SecretReferenceStatus.Unresolvable, Missing(reference.Reference));
        }
        catch (Exception e) when (!e.IsFatal() && !cancellationToken.IsCancellationRequested)
        {
            return new(reference, SecretReferenceStatus.Unresolvable, Describe(e));
        }
    }

    private static string Missing(string reference) => reference switch
    {
        _ when reference.StartsWith(EnvSecretStore.Scheme, StringComparison.Ordinal) =>
            $"environment variable {reference[EnvSecretStore.Scheme.Length..]} is not set",
        _ when reference.StartsWith(LocalSecretStore.Scheme, StringComparison.Ordinal) =>
            "not in the local secret store (revctl secrets put)",
        _ => "the vault has no such secret",
    };

    // Exception messages of the stores and the Azure SDK name the reference or the status, never a secret value.
    private static string Describe(Exception e) => e switch
    {
        RequestFailedException r => $"the store answered {r.Status} {r.ErrorCode}".TrimEnd(),
        AuthenticationFailedException or CredentialUnavailableException => $"no credential can read it ({e.GetType().Name})",
        InvalidOperationException => e.Message.Split('\n')[0],
        _ => $"{e.GetType().Name}: {e.Message.Split('\n')[0]}",
    };
}
