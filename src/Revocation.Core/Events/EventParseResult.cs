namespace Revocation.Core.Events;

/// <summary>Either a validated event or the reason the message can never succeed.</summary>
public sealed record EventParseResult(IntakeEvent? Event, string? Rejection)
{
    public bool IsValid => Event is not null;

    public static EventParseResult Valid(IntakeEvent e) => new(e, null);

    public static EventParseResult Invalid(string reason) => new(null, reason);
}
