using System.Diagnostics;

namespace Revocation.Bench;

/// <summary>
/// Waits <paramref name="latency"/> before each request: a loopback server made to look as far away as a real
/// provider (Graph and GitHub answer in tens to hundreds of milliseconds). The pipeline and the direct calls get
/// the same handler, so the comparison stays like for like. Counts the calls and the time the server took to answer
/// after the wait (<see cref="Reset"/>, <see cref="MeanAnswerMs"/>): on a shared 2-core machine, a loaded pipeline slows
/// the loopback provider's own answers, which a remote provider's would not be.
/// </summary>
internal sealed class LatencyHandler(TimeSpan latency) : DelegatingHandler
{
    private static long _calls;
    private static long _answerTicks;

    public static void Reset()
    {
        Interlocked.Exchange(ref _calls, 0);
        Interlocked.Exchange(ref _answerTicks, 0);
    }

    /// <summary>Calls since <see cref="Reset"/> (every handler instance).</summary>
    public static long Calls => Interlocked.Read(ref _calls);

    /// <summary>Mean time from the end of the wait to the answer, since <see cref="Reset"/>, in milliseconds.</summary>
    public static double MeanAnswerMs => Calls == 0 ? 0 : TimeSpan.FromTicks(Interlocked.Read(ref _answerTicks) / Calls).TotalMilliseconds;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Delay(latency, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Add(ref _answerTicks, Stopwatch.GetElapsedTime(started).Ticks);
            Interlocked.Increment(ref _calls);
        }
    }
}
