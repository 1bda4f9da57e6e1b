namespace Revocation.Core.Policy;

/// <summary>The validated <c>policies.json</c>.</summary>
public sealed record PolicyDocument(
    IReadOnlyDictionary<string, ProviderPolicy> Providers,
    IReadOnlyDictionary<string, ClassPolicy> Classes,
    SweepPolicy Sweep)
{
    /// <summary>The <c>discovery</c> section (reconciliation); <see cref="DiscoveryPolicy.None"/> when absent.</summary>
    public DiscoveryPolicy Discovery { get; init; } = DiscoveryPolicy.None;

    /// <summary>The <c>transmitters</c> section (signed SETs over HTTP), by name; empty when absent.</summary>
    public IReadOnlyDictionary<string, TransmitterPolicy> Transmitters { get; init; } = new Dictionary<string, TransmitterPolicy>();

    /// <summary>The transmitter whose <c>issuer</c> is <paramref name="issuer"/> (exact match), or null.</summary>
    public TransmitterPolicy? FindTransmitter(string issuer) => Transmitters.Values.FirstOrDefault(t => t.Issuer == issuer);

    public ClassPolicy? FindClass(string name) => Classes.GetValueOrDefault(name);

    public ProviderPolicy ProviderFor(ClassPolicy cls) => Providers[cls.Provider];
}
