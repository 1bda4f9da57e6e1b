using Revocation.Storage;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>Index upserts are group-committed: fewer requests under concurrency, every row durable, errors reach every caller.</summary>
public sealed class GroupCommitTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Upsert_ConcurrentSamePartition_WritesEveryRowInFewerRequests()
    {
        var counter = new StorageRequestCounter();
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString, counter);
        await StorageProvisioner.EnsureAsync(clients, CancellationToken.None);
        var index = new TablePersonIndex(clients.Tables);
        counter.Reset();

        // 60 tokens of one person, 5 of them written twice (redelivery): 60 distinct rows.
        var ids = Enumerable.Range(0, 60).Select(i => $"gc:{i}").Concat(Enumerable.Range(0, 5).Select(i => $"gc:{i}")).ToList();
        await Task.WhenAll(ids.Select(id => index.AddAsync("group@x", id, CancellationToken.None)));

        var listed = new List<string>();
        await foreach (var t in index.ListTokensAsync("group@x", CancellationToken.None)) listed.Add(t);
        Assert.Equal(60, listed.Distinct().Count());
        Assert.InRange(counter.Tables.Count, 1, 30);
    }

    [Fact]
    public async Task Upsert_TransactionFails_EveryCallerSeesTheError()
    {
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);
        await clients.Tables.GetTableClient(TableNames.PersonIndex).CreateIfNotExistsAsync();
        await clients.Tables.DeleteTableAsync(TableNames.PersonIndex);
        var index = new TablePersonIndex(clients.Tables);

        var writes = Enumerable.Range(0, 10).Select(i => index.AddAsync("missing@x", $"m:{i}", CancellationToken.None)).ToList();

        // The table is gone: the service's answer (404 TableNotFound), not some other fault, reaches every caller.
        foreach (var w in writes)
        {
            var e = await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => w);
            Assert.Equal(404, e.Status);
        }
        await clients.Tables.GetTableClient(TableNames.PersonIndex).CreateIfNotExistsAsync();
    }
}
