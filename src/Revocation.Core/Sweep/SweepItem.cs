namespace Revocation.Core.Sweep;

/// <summary>One due token in a sweep: what the sweep does (<see cref="SweepActions"/>) and why.</summary>
public sealed record SweepItem(string TokenId, string Action, IReadOnlyList<string> Reasons);
