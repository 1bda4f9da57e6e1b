namespace Revocation.Core.Incidents;

/// <summary>
/// An incident as the <c>incidents</c> table keeps it for reports (docs/incidents.md): the declaration, its status
/// (<c>declared</c>, <c>guard-tripped</c>, <c>done</c>) and its counts. The ledger's <c>~system</c> chain holds the
/// tamper-evident record (<c>incident.declared</c>); this row is the index a report reads.
/// </summary>
public sealed record IncidentRecord(
    string Id,
    IReadOnlyDictionary<string, string> Selector,
    string Reason,
    string? Actor,
    string DeclaredBy,
    DateTimeOffset DeclaredAt,
    string Status,
    int Matched,
    int Revoked,
    int Queued,
    int Failed,
    string? Guard);
