using Azure.Data.Tables;
using Revocation.Testing;
using Xunit.Abstractions;

namespace Revocation.Fixtures.Tests;

public sealed class AzuriteFixtureTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Table_RoundTripsAnEntity()
    {
        output.WriteLine($"Azurite started in {azurite.StartupTime.TotalMilliseconds:F0} ms");
        await AssertTableRoundTripAsync(azurite.ConnectionString);
    }

    [Fact]
    public void ConnectionString_NamesAllThreeEndpoints()
    {
        Assert.Contains($"BlobEndpoint=http://127.0.0.1:{azurite.BlobPort}/devstoreaccount1;", azurite.ConnectionString, StringComparison.Ordinal);
        Assert.Contains($"QueueEndpoint=http://127.0.0.1:{azurite.QueuePort}/devstoreaccount1;", azurite.ConnectionString, StringComparison.Ordinal);
        Assert.Contains($"TableEndpoint=http://127.0.0.1:{azurite.TablePort}/devstoreaccount1;", azurite.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoInstances_RunAtOnceOnDifferentPorts_AndAreGoneAfterDispose()
    {
        var starts = await Task.WhenAll(AzuriteFixture.StartAsync(), AzuriteFixture.StartAsync());
        var (first, second) = (starts[0], starts[1]);
        int[] pids = [first.ProcessId, second.ProcessId];
        try
        {
            output.WriteLine($"started in {first.StartupTime.TotalMilliseconds:F0} ms and {second.StartupTime.TotalMilliseconds:F0} ms (in parallel)");
            int[] ports = [first.BlobPort, first.QueuePort, first.TablePort, second.BlobPort, second.QueuePort, second.TablePort];
            Assert.Equal(6, ports.Distinct().Count());
            await AssertTableRoundTripAsync(first.ConnectionString);
            await AssertTableRoundTripAsync(second.ConnectionString);
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }

        Assert.All(pids, pid => Assert.False(ServiceProcess.IsRunning(pid), $"process {pid} still runs"));
    }

    private static async Task AssertTableRoundTripAsync(string connectionString)
    {
        var table = new TableClient(connectionString, "fixture" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateIfNotExistsAsync();
        var entity = new TableEntity("tenant-a", "token-1") { ["State"] = "Revoked", ["Attempts"] = 2 };
        await table.AddEntityAsync(entity);

        var read = (await table.GetEntityAsync<TableEntity>("tenant-a", "token-1")).Value;

        Assert.Equal("Revoked", read.GetString("State"));
        Assert.Equal(2, read.GetInt32("Attempts"));
    }
}
