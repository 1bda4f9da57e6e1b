using System.Globalization;
using Revocation.Core.Policy;
using Revocation.Core.Storage;

namespace Revocation.Core.Sweep;

/// <summary>The blast-radius bounds: null when a sweep (or an incident) may proceed, else why it must stop.</summary>
public static class SweepGuard
{
    public static string? Check(int revocations, long activeTokens, SweepPolicy bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        if (revocations > bounds.MaxRevocationsPerRun)
            return string.Create(CultureInfo.InvariantCulture,
                $"would revoke {revocations} tokens, more than maxRevocationsPerRun {bounds.MaxRevocationsPerRun}");
        var fraction = activeTokens <= 0 ? (revocations > 0 ? 1.0 : 0.0) : (double)revocations / activeTokens;
        if (fraction > bounds.MaxRevokedFraction)
            return string.Create(CultureInfo.InvariantCulture,
                $"would revoke {revocations} of {activeTokens} active tokens ({fraction:P1}), more than maxRevokedFraction {bounds.MaxRevokedFraction:P1}");
        return null;
    }

    /// <summary>
    /// The guard over the kept active count. The kept count is a lower bound of the active tokens (<see cref="ActiveTokenCount"/>),
    /// so a lagging count can only make the guard trip, never pass; when it trips on the fraction alone, the exact count
    /// (a scan, paid only then) decides, so a lagging count does not stop a run that is within bounds either.
    /// </summary>
    public static async Task<(long Active, string? Guard)> CheckAsync(
        int revocations, IActiveTokenCounter counter, SweepPolicy bounds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var active = await counter.GetAsync(cancellationToken);
        var guard = revocations == 0 ? null : Check(revocations, active, bounds);
        if (guard is null || Check(revocations, long.MaxValue, bounds) is not null) return (active, guard);
        active = await counter.CountExactlyAsync(cancellationToken);
        return (active, Check(revocations, active, bounds));
    }
}
