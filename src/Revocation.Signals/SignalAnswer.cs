namespace Revocation.Signals;

/// <summary>
/// What the receiver answers a pushed SET (RFC 8935 §2.2–2.4): accepted once its event is durably queued (HTTP 202), or
/// refused with an RFC 8935 error code and a description (HTTP 400 <c>{"err","description"}</c>).
/// </summary>
public sealed record SignalAnswer(bool Accepted, string? Err, string Description, string? EventId = null, string? EventType = null)
{
    public static SignalAnswer Queued(string eventId, string eventType) => new(true, null, "queued", eventId, eventType);

    public static SignalAnswer Refused(string err, string description) => new(false, err, description);
}
