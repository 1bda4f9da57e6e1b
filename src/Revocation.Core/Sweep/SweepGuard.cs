using System.Globalization;
using Revocation.Core.Policy;

namespace Revocation.Core.Sweep;

/// <summary>The blast-radius bounds: null when a sweep may proceed, else why it must stop.</summary>
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
}
