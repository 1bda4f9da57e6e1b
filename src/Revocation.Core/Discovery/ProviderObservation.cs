namespace Revocation.Core.Discovery;

/// <summary>
/// What reconciliation last recorded about a token from its provider's listing (kept in the token's inputs), so a
/// run over an unchanged inventory finds nothing new and writes nothing.
/// </summary>
public sealed record ProviderObservation(string? Owner, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);
