namespace Revocation.Core.Sweep;

/// <summary>One due token in a sweep: what the sweep does (<c>revoke</c> or a reassignment) and why.</summary>
public sealed record SweepItem(string TokenId, string Action, IReadOnlyList<string> Reasons);
