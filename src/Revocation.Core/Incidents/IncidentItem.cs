namespace Revocation.Core.Incidents;

/// <summary>One token an incident matched, and what became of it (<see cref="IncidentOutcomes"/>).</summary>
public sealed record IncidentItem(string TokenId, string? Class, string? Provider, string? Source, string? Owner, string State, string Outcome);
