namespace Revocation.Core.Events;

/// <summary>The CloudEvents <c>type</c> values of contracts §1.</summary>
public static class EventTypes
{
    public const string TokenIssued = "token.issued";
    public const string TokenTransferred = "token.transferred";
    public const string TokenUsed = "token.used";
    public const string TokenRetired = "token.retired";
    public const string IdentityOffboarded = "identity.offboarded";
    public const string IncidentDeclared = "incident.declared";

    /// <summary>Every type the intake accepts.</summary>
    public static readonly IReadOnlyList<string> All =
        [TokenIssued, TokenTransferred, TokenUsed, TokenRetired, IdentityOffboarded, IncidentDeclared];

    /// <summary>The intake queue an event type belongs on.</summary>
    public static string QueueFor(string type) =>
        type is IdentityOffboarded or IncidentDeclared ? QueueNames.IdentityEvents : QueueNames.TokenEvents;
}
