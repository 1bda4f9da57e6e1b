namespace Revocation.Faults;

/// <summary>
/// A message a scenario put on a queue. <see cref="Marker"/> is unique and appears in the body (a valid event's id),
/// so the message is found again in a poison queue or the rejections table whatever happened to its encoding.
/// <see cref="TokenId"/>, <see cref="Source"/> and <see cref="Type"/> are set for valid events only.
/// </summary>
public sealed record SentMessage(string Queue, string Marker, string Kind, bool Raw, string? TokenId = null, string? Source = null, string? Type = null)
{
    /// <summary>The queue's message id from the send receipt (the rejections table keys by it).</summary>
    public string MessageId { get; set; } = "";

    public bool IsValid => TokenId is not null;
}
