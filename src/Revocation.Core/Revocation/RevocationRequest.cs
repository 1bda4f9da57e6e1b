namespace Revocation.Core.Revocation;

/// <summary>A message on the <c>revocations</c> queue. <see cref="Attempt"/> starts at 1.</summary>
public sealed record RevocationRequest(string TokenId, string Reason, DateTimeOffset RequestedAt, int Attempt = 1, string RequestedBy = "pipeline");
