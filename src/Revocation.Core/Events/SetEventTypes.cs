namespace Revocation.Core.Events;

/// <summary>
/// The event type URIs a Security Event Token (RFC 8417) may carry in its <c>events</c> claim, and what each becomes on
/// the intake (docs/partners.md): our own types under <see cref="OwnPrefix"/>, whose payload is the event's <c>data</c>,
/// and the OpenID RISC and CAEP types the pipeline maps.
/// </summary>
public static class SetEventTypes
{
    /// <summary>Our own event types: <c>urn:nhi-revocation:event:token.transferred</c> and so on.</summary>
    public const string OwnPrefix = "urn:nhi-revocation:event:";

    public const string RiscAccountDisabled = "https://schemas.openid.net/secevent/risc/event-type/account-disabled";
    public const string RiscAccountPurged = "https://schemas.openid.net/secevent/risc/event-type/account-purged";
    public const string RiscCredentialCompromise = "https://schemas.openid.net/secevent/risc/event-type/credential-compromise";
    public const string CaepCredentialChange = "https://schemas.openid.net/secevent/caep/event-type/credential-change";

    /// <summary>Every event type URI the receiver understands, with the intake type it maps to.</summary>
    public static readonly IReadOnlyDictionary<string, string> Mapped = BuildMapped();

    /// <summary>True when <paramref name="uri"/> is one the receiver understands.</summary>
    public static bool IsKnown(string uri) => Mapped.ContainsKey(uri);

    private static Dictionary<string, string> BuildMapped()
    {
        // An incident revokes a whole slice: it is declared by the operators' own tools on identity-events, never by a
        // transmitter (docs/incidents.md, "Who may declare").
        var map = EventTypes.All.Where(t => t != EventTypes.IncidentDeclared).ToDictionary(t => OwnPrefix + t, t => t, StringComparer.Ordinal);
        map[RiscAccountDisabled] = EventTypes.IdentityOffboarded;
        map[RiscAccountPurged] = EventTypes.IdentityOffboarded;
        map[RiscCredentialCompromise] = EventTypes.TokenCompromised;
        map[CaepCredentialChange] = EventTypes.TokenCredentialChanged;
        return map;
    }
}
