namespace Revocation.Core.Events;

/// <summary>
/// Puts a CloudEvent on its intake queue (<see cref="EventTypes.QueueFor"/>), as a publisher would. A completed call means
/// the message is durably queued; the intake then validates, authorizes and de-duplicates it like any other.
/// </summary>
public interface IIntakeQueue
{
    /// <param name="queue">An intake queue (<see cref="QueueNames.TokenEvents"/> or <see cref="QueueNames.IdentityEvents"/>).</param>
    /// <param name="cloudEventJson">One CloudEvent in JSON structured mode, at most <see cref="EventParser.MaxMessageBytes"/>.</param>
    /// <param name="cancellationToken">Stops the send.</param>
    Task EnqueueAsync(string queue, string cloudEventJson, CancellationToken cancellationToken);
}
