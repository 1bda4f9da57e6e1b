namespace Revocation.Core.Policy;

/// <summary>Blast-radius bounds of a sweep (<c>sweep</c> in <c>policies.json</c>).</summary>
public sealed record SweepPolicy
{
    /// <summary>A sweep that would revoke more tokens than this stops. Default 1000, range 1–100000.</summary>
    public int MaxRevocationsPerRun { get; init; } = 1000;

    /// <summary>A sweep that would revoke more than this fraction of active tokens stops. Default 0.25, range (0, 1].</summary>
    public double MaxRevokedFraction { get; init; } = 0.25;
}
