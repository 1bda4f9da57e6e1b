namespace Revocation.Core.Storage;

/// <summary>Messages that can never succeed, kept with their reason where operators see them (<c>revctl poison list</c>).</summary>
public interface IRejectionStore
{
    Task AddAsync(Rejection rejection, CancellationToken cancellationToken);

    IAsyncEnumerable<Rejection> ListAsync(string? queue, CancellationToken cancellationToken);
}

/// <summary>A rejected message. <see cref="Body"/> is the message with secret values redacted (<see cref="Events.SecretRedaction"/>),
/// cut at 32 KiB characters; <see cref="BodySha256"/> is of the message as received.</summary>
public sealed record Rejection(string Queue, string MessageId, DateTimeOffset ReceivedAt, string Reason, string Body, string BodySha256);
