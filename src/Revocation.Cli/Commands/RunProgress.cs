using System.Globalization;
using Revocation.Cli.Hosting;

namespace Revocation.Cli.Commands;

/// <summary><c>revctl run</c>'s live status line: messages processed per queue, failures, poisoned, sweeps, every second.</summary>
internal static class RunProgress
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    /// <summary>Reports <see cref="Line"/> every second until <paramref name="work"/> ends, then awaits it.</summary>
    public static async Task WhileAsync(Task work, RunStats stats, Progress progress)
    {
        if (progress.Enabled)
        {
            using var timer = new PeriodicTimer(Every);
            while (!work.IsCompleted)
            {
                progress.Report(Line(stats));
                await Task.WhenAny(work, timer.WaitForNextTickAsync().AsTask());
            }
        }
        await work;
    }

    public static string Line(RunStats stats)
    {
        var processed = stats.ProcessedByQueue.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}").ToList();
        var line = "running: " + (processed.Count == 0 ? "nothing processed yet" : string.Join(", ", processed) + " processed");
        if (!stats.FailuresByQueue.IsEmpty) line += string.Create(CultureInfo.InvariantCulture, $"; {stats.FailuresByQueue.Values.Sum()} failed attempts");
        if (!stats.PoisonedByQueue.IsEmpty) line += string.Create(CultureInfo.InvariantCulture, $"; {stats.PoisonedByQueue.Values.Sum()} poisoned");
        return line + string.Create(CultureInfo.InvariantCulture, $"; {stats.Sweeps} sweeps (Ctrl+C stops)");
    }
}
