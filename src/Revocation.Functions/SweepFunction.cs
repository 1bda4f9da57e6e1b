using Microsoft.Azure.Functions.Worker;
using Revocation.Core.Sweep;

namespace Revocation.Functions;

/// <summary>The scheduled sweep, on <c>%SweepSchedule%</c> (six-field NCRONTAB, UTC). Idempotent and bounded per run.</summary>
public sealed class SweepFunction(SweepService sweep)
{
    /// <summary>The app setting that holds the schedule.</summary>
    public const string ScheduleSetting = "SweepSchedule";

    [Function(nameof(SweepFunction))]
    public async Task<SweepReport> RunAsync(
        [TimerTrigger("%" + ScheduleSetting + "%", UseMonitor = true, RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        // A past-due run is still one bounded sweep of what is due now: nothing to catch up on separately.
        return await sweep.RunAsync(SweepMode.Normal, cancellationToken);
    }
}
