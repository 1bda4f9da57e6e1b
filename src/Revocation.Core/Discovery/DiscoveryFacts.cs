namespace Revocation.Core.Discovery;

/// <summary>
/// How a token entered the ledger by reconciliation rather than by an issuance event: the provider that listed it,
/// when, and whether a classification rule matched (<see cref="Unclassified"/> false) or the unmatched policy governs it.
/// </summary>
public sealed record DiscoveryFacts(string Provider, DateTimeOffset DiscoveredAt, bool Unclassified, string? Container, string? DisplayName, string Kind);
