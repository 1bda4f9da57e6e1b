namespace Revocation.Core.Policy;

/// <summary>The validated <c>policies.json</c>.</summary>
public sealed record PolicyDocument(
    IReadOnlyDictionary<string, ProviderPolicy> Providers,
    IReadOnlyDictionary<string, ClassPolicy> Classes,
    SweepPolicy Sweep)
{
    /// <summary>The <c>discovery</c> section (reconciliation); <see cref="DiscoveryPolicy.None"/> when absent.</summary>
    public DiscoveryPolicy Discovery { get; init; } = DiscoveryPolicy.None;

    public ClassPolicy? FindClass(string name) => Classes.GetValueOrDefault(name);

    public ProviderPolicy ProviderFor(ClassPolicy cls) => Providers[cls.Provider];
}
