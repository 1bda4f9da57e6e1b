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
}
