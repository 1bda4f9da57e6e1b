namespace Revocation.Core.Evidence;

/// <summary>A <c>revocation-failed</c> token, its reason and the provider's last answer (<see cref="PostureFindings.FailedRevocations"/>).</summary>
public sealed record FailedToken(string TokenId, string? Reason, string? LastError);
