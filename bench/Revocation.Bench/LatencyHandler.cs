namespace Revocation.Bench;

/// <summary>
/// Waits <paramref name="latency"/> before each request: a loopback server made to look as far away as a real
/// provider (Graph and GitHub answer in tens to hundreds of milliseconds). The pipeline and the direct calls get
/// the same handler, so the comparison stays like for like.
/// </summary>
internal sealed class LatencyHandler(TimeSpan latency) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Delay(latency, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
