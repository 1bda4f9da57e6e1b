namespace Revocation.Core.Policy;

/// <summary>The validated <c>policies.json</c>.</summary>
public sealed record PolicyDocument(
    IReadOnlyDictionary<string, ProviderPolicy> Providers,
    IReadOnlyDictionary<string, ClassPolicy> Classes,
    SweepPolicy Sweep)
{
    public ClassPolicy? FindClass(string name) => Classes.GetValueOrDefault(name);

    public ProviderPolicy ProviderFor(ClassPolicy cls) => Providers[cls.Provider];
}
