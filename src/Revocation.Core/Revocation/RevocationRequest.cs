namespace Revocation.Core.Revocation;

/// <summary>
/// A message on the <c>revocations</c> queue. <see cref="Attempt"/> starts at 1. <see cref="RequestedBy"/> names the path
/// (sweep, offboarding, revctl...), <see cref="Actor"/> the person or principal behind a manual request, <see cref="Incident"/>
/// the incident that caused it (docs/incidents.md), if any.
/// </summary>
public sealed record RevocationRequest(
    string TokenId, string Reason, DateTimeOffset RequestedAt, int Attempt = 1, string RequestedBy = "pipeline", string? Actor = null,
    string? Incident = null);
