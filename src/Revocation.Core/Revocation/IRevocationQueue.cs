namespace Revocation.Core.Revocation;

/// <summary>The <c>revocations</c> queue.</summary>
public interface IRevocationQueue
{
    Task EnqueueAsync(RevocationRequest request, TimeSpan? delay, CancellationToken cancellationToken);
}
