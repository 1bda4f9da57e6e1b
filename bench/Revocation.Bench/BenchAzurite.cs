using Revocation.Testing;

namespace Revocation.Bench;

/// <summary>
/// Every benchmark's Azurite: in memory, with <c>tools/azurite/key-index.cjs</c> preloaded so that a point lookup costs
/// what it costs in Azure Table Storage (a key lookup), not a scan of every entity sharing the RowKey (Azure/Azurite#2321).
/// Printed, so a result says which Azurite it was measured on.
/// </summary>
internal static class BenchAzurite
{
    public static async Task<AzuriteFixture> StartAsync(CancellationToken cancellationToken)
    {
        var azurite = await AzuriteFixture.StartAsync(keyIndex: true, cancellationToken);
        if (!azurite.KeyIndex)
        {
            await azurite.DisposeAsync();
            throw new InvalidOperationException("Azurite started without tools/azurite/key-index.cjs: the results would not be comparable");
        }
        Output.Text("azurite", "3.37 in memory, key-index preload on (bench/README.md)");
        return azurite;
    }

    /// <summary>
    /// Before a timed phase: a full garbage collection in this process and in Azurite (the preload's SIGUSR2), as
    /// BenchmarkDotNet collects between iterations, so that the setup's garbage (seeding, an earlier run) is not collected
    /// inside the phase, then until Azurite is idle. Each phase still pays for the collections its own work causes.
    /// </summary>
    public static async Task SettleAsync(AzuriteFixture azurite, CancellationToken cancellationToken)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        await azurite.SettleAsync(cancellationToken);
        // V8 sweeps the collected heap after the collection returns, on helper threads: wait until Azurite is idle
        // (under 20 ms of CPU in 250 ms, at most 15 s), so that the sweeping is not done inside the phase either.
        for (var waited = 0; waited < 60; waited++)
        {
            var before = CpuMeter.CpuSeconds(azurite.ProcessId);
            await Task.Delay(250, cancellationToken);
            if (before is null || CpuMeter.CpuSeconds(azurite.ProcessId) - before < 0.02) break;
        }
    }
}
