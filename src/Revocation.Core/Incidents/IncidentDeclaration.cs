namespace Revocation.Core.Incidents;

/// <summary>
/// An incident as declared: its id (the CLI makes one; an <c>incident.declared</c> event's is its CloudEvent <c>id</c>), the
/// selector, the reason every revocation it causes records in the ledger (the operator's text, or a code such as
/// <c>compromised</c> from a signal), who declared it (<see cref="Actor"/>) and through which path (<see cref="DeclaredBy"/>:
/// <c>revctl</c>, or the event's source).
/// </summary>
public sealed record IncidentDeclaration(string Id, IncidentSelector Selector, string Reason, string? Actor, string DeclaredBy, DateTimeOffset DeclaredAt);
