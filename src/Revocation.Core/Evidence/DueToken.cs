namespace Revocation.Core.Evidence;

/// <summary>An active token and when it falls due (<see cref="PostureFindings.DueSoon"/>).</summary>
public sealed record DueToken(string TokenId, DateTimeOffset DueAt);
