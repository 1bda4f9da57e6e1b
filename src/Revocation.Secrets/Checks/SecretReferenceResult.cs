using Revocation.Core.Policy;

namespace Revocation.Secrets.Checks;

/// <summary>The outcome for one provider secret reference. <see cref="Detail"/> never holds a value.</summary>
public sealed record SecretReferenceResult(ProviderSecretReference Reference, SecretReferenceStatus Status, string Detail)
{
    /// <summary>One line for people: <c>provider 'p' clientSecretRef (env:X): environment variable X is not set</c>.</summary>
    public override string ToString() => $"provider '{Reference.Provider}' {Reference.Field} ({Reference.Display}): {Detail}";
}
