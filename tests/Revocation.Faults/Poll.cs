using System.Diagnostics;

namespace Revocation.Faults;

/// <summary>Bounded polling: a condition checked every 200 ms until it holds or the bound runs out.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>True once <paramref name="condition"/> held; false when <paramref name="bound"/> ran out first.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan bound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (await condition()) return true;
            await Task.Delay(Interval, cancellationToken);
        }

        return false;
    }
}
