using Microsoft.Azure.Functions.Worker;
using Revocation.Core.Discovery;

namespace Revocation.Functions;

/// <summary>
/// Reconciliation with the providers that can list their credentials, on <c>%ReconcileSchedule%</c> (six-field
/// NCRONTAB, UTC; default hourly). An unchanged inventory writes nothing, so a frequent schedule only costs the listing.
/// </summary>
public sealed class ReconcileFunction(ReconcileService reconcile)
{
    /// <summary>The app setting that holds the schedule.</summary>
    public const string ScheduleSetting = "ReconcileSchedule";

    [Function(nameof(ReconcileFunction))]
    public async Task<ReconcileReport> RunAsync(
        [TimerTrigger("%" + ScheduleSetting + "%", UseMonitor = true, RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        // A past-due run is one more reconciliation of the inventory as it is now: nothing to catch up on.
        return await reconcile.RunAsync(null, dryRun: false, cancellationToken);
    }
}
