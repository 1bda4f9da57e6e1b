using Azure.Core;
using Azure.Core.Pipeline;

namespace Revocation.Storage;

/// <summary>Counts storage requests per service through Azure SDK pipeline policies, for benchmarks and the run summary.</summary>
public sealed class StorageRequestCounter
{
    public RequestCountingPolicy Tables { get; } = new();
    public RequestCountingPolicy Queues { get; } = new();
    public long Total => Tables.Count + Queues.Count;

    public void Reset()
    {
        Tables.Reset();
        Queues.Reset();
    }
}

/// <summary>Counts every request sent through the client it is attached to (retries included).</summary>
public sealed class RequestCountingPolicy : HttpPipelineSynchronousPolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);
}
