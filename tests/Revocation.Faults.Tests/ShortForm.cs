using System.Globalization;
using Xunit.Abstractions;

namespace Revocation.Faults.Tests;

/// <summary>The short form's bounds and its report: every figure to the test output, every breach in the assertion.</summary>
internal static class ShortForm
{
    /// <summary>
    /// How long a scenario may take to drain after its last fault: 40 s, or <c>REVOCATION_FAULTS_DRAIN_SECONDS</c>.
    /// Raising it (say to 400) shows whether what is left would drain once a 5-minute lease ran out; it never relaxes the bar.
    /// </summary>
    public static TimeSpan DrainBound =>
        int.TryParse(Environment.GetEnvironmentVariable("REVOCATION_FAULTS_DRAIN_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.FromSeconds(40);

    /// <summary>A scenario's whole budget: drain bound plus two minutes for starts, faults and accounting.</summary>
    public static CancellationToken Budget => new CancellationTokenSource(DrainBound + TimeSpan.FromMinutes(2)).Token;

    public static void Report(ITestOutputHelper output, FaultFigures figures)
    {
        foreach (var line in figures.Lines()) output.WriteLine(line);
        var failures = figures.Failures();
        Assert.True(failures.Count == 0, string.Join('\n', failures) + "\n--- figures\n" + string.Join('\n', figures.Lines()));
    }
}
