namespace Revocation.Providers;

/// <summary>The outcome of <see cref="ProviderEndpointProbe.ProbeAsync"/>: whether the endpoint answered, in one line.</summary>
public sealed record ProbeResult(Uri? Target, bool Answered, string Detail);
