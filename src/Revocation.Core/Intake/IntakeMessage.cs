namespace Revocation.Core.Intake;

/// <summary>A queue message as the transport delivered it.</summary>
public sealed record IntakeMessage(string Queue, string MessageId, string Body, long DequeueCount);
