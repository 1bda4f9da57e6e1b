using Revocation.Core.Revocation;

namespace Revocation.Core.Events;

/// <summary>A validated intake event. Token events carry <see cref="TokenEvent.TokenId"/>.</summary>
public abstract record IntakeEvent(EventEnvelope Envelope);

/// <summary>An event about one token.</summary>
public abstract record TokenEvent(EventEnvelope Envelope, string TokenId) : IntakeEvent(Envelope);

/// <summary>The approval a token was issued under.</summary>
public sealed record Approval(string Id, DateTimeOffset? ExpiresAt);

public sealed record TokenIssued(
    EventEnvelope Envelope,
    string TokenId,
    string Class,
    string? Owner,
    string? Holder,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ExpiresAt,
    string? Scope,
    Approval? Approval,
    CredentialReference Credential,
    Discovery.DiscoveryFacts? Discovered = null) : TokenEvent(Envelope, TokenId);

public sealed record TokenTransferred(
    EventEnvelope Envelope, string TokenId, string FromOwner, string ToOwner, string? Reason) : TokenEvent(Envelope, TokenId);

public sealed record TokenUsed(EventEnvelope Envelope, string TokenId, DateTimeOffset UsedAt) : TokenEvent(Envelope, TokenId);

public sealed record TokenRetired(EventEnvelope Envelope, string TokenId, string Reason) : TokenEvent(Envelope, TokenId);

public sealed record IdentityOffboarded(
    EventEnvelope Envelope, string PersonId, DateTimeOffset EffectiveAt, string? Successor) : IntakeEvent(Envelope);

/// <summary>An incident declared by automation (a SIEM playbook): revoke every token <see cref="Selector"/> matches (docs/incidents.md).</summary>
public sealed record IncidentDeclared(
    EventEnvelope Envelope, Incidents.IncidentSelector Selector, string Reason, string? Actor, bool Confirm) : IntakeEvent(Envelope);
