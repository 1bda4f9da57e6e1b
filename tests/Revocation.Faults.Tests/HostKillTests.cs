using Xunit.Abstractions;

namespace Revocation.Faults.Tests;

/// <summary>
/// kill -9 of revctl run during an intake (short form: 300 events, 2 kills).
/// Failed before issue 11's fix (killed hosts' messages stayed leased for 5 minutes, past the drain bound); the lease
/// is now 10 s and renewed while a message is in hand.
/// </summary>
public sealed class HostKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RevctlRun_KilledTwiceDuringIntake_EveryEventRecordedOnceAndQueuesDrain()
    {
        var scenario = new HostKillScenario { Events = 300, Kills = 2, DrainBound = ShortForm.DrainBound };
        var figures = await scenario.RunAsync(output.WriteLine, ShortForm.Budget);
        ShortForm.Report(output, figures);
    }
}
