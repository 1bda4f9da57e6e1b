using Xunit.Abstractions;

namespace Revocation.Faults.Tests;

/// <summary>Azurite stopped with SIGTERM, then with SIGKILL, and restarted mid-run (short form: 300 events, 2 s outages).</summary>
public sealed class StorageKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Storage_StoppedBySigtermAndSigkillMidRun_EveryEventRecordedOnceAndQueuesDrain()
    {
        var scenario = new StorageKillScenario { Events = 300, Stops = 2, Outage = TimeSpan.FromSeconds(2), DrainBound = ShortForm.DrainBound };
        var figures = await scenario.RunAsync(output.WriteLine, ShortForm.Budget);
        ShortForm.Report(output, figures);
    }
}
