using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Offboarding;
using Revocation.Core.Storage;
using Revocation.Storage;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>
/// The sharded layout (docs/scale.md): writes spread over shards, readers find every row whatever its shard, the
/// shard count in force when it was written, or the unsharded layout of earlier versions.
/// </summary>
public sealed class ShardedLayoutTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static IOptions<StorageOptions> Shards(int n) => Options.Create(new StorageOptions { Shards = n });

    private async Task<StorageClients> ClientsAsync()
    {
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);
        await StorageProvisioner.EnsureAsync(clients, CancellationToken.None);
        return clients;
    }

    [Fact]
    public void ShardKey_KnownKeys_SameShardOnEveryRun()
    {
        // FNV-1a 32: "" = 0x811C9DC5, "a" = 0xE40C292C. A process-randomised hash would differ between runs.
        Assert.Equal((int)(0x811C9DC5u % 16), ShardKey.Of("", 16));
        Assert.Equal((int)(0xE40C292Cu % 16), ShardKey.Of("a", 16));
        Assert.Equal(0, ShardKey.Of("anything", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardKey.Of("a", 0));
    }

    [Fact]
    public async Task DueIndex_TokensAcrossShards_EveryDueOneListedOnceAndNoneLater()
    {
        var index = new TableDueIndex((await ClientsAsync()).Tables, Shards(8));
        var now = DateTimeOffset.UtcNow;
        var run = Guid.NewGuid().ToString("N")[..8];
        var due = Enumerable.Range(0, 120).Select(i => ($"due-{run}:{i}", now.AddMinutes(-i))).ToList();
        var later = Enumerable.Range(0, 30).Select(i => ($"later-{run}:{i}", now.AddMinutes(5 + i))).ToList();
        await Task.WhenAll(due.Concat(later).Select(t => index.UpsertAsync(t.Item1, t.Item2, CancellationToken.None)));

        var listed = await ListAsync(index, now, run);

        Assert.Equal(due.Select(d => d.Item1).Order(StringComparer.Ordinal), listed.Select(h => h.TokenId).Order(StringComparer.Ordinal));
        Assert.True(listed.Select(h => h.StoreKey).Distinct().Count() >= 4, "hints of one hour spread over several shards");
        foreach (var hint in listed) await index.DeleteAsync(hint, CancellationToken.None);
        Assert.Empty(await ListAsync(index, now, run));
        Assert.Equal(30, (await ListAsync(index, now.AddHours(1), run)).Count);
    }

    [Fact]
    public async Task DueIndex_RowsOfTheUnshardedLayoutAndAnotherShardCount_ListedAndDeleted()
    {
        var clients = await ClientsAsync();
        var now = DateTimeOffset.UtcNow;
        var run = Guid.NewGuid().ToString("N")[..8];
        var old = now.AddMinutes(-3);
        // As an earlier version wrote it: partition = the due hour alone.
        await clients.Tables.GetTableClient(TableNames.DueIndex).AddEntityAsync(new TableEntity(
            old.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture),
            $"{old.UtcDateTime.ToString("yyyyMMddHHmmssfffffff", CultureInfo.InvariantCulture)}|{KeyEncoding.Encode($"legacy-{run}:1")}") { ["TokenId"] = $"legacy-{run}:1" });
        await new TableDueIndex(clients.Tables, Shards(3)).UpsertAsync($"three-{run}:1", now.AddMinutes(-2), CancellationToken.None);
        var index = new TableDueIndex(clients.Tables, Shards(16));

        var listed = await ListAsync(index, now, run);

        Assert.Equal([$"legacy-{run}:1", $"three-{run}:1"], listed.Select(h => h.TokenId).Order(StringComparer.Ordinal));
        foreach (var hint in listed) await index.DeleteAsync(hint, CancellationToken.None);
        Assert.Empty(await ListAsync(index, now, run));
    }

    [Fact]
    public async Task People_RowOfTheUnshardedLayout_FoundListedAndNotRecordedTwice()
    {
        var clients = await ClientsAsync();
        var person = $"Legacy-{Guid.NewGuid():N}@x";
        await clients.Tables.GetTableClient(TableNames.People).AddEntityAsync(new TableEntity("people", KeyEncoding.Encode(person.ToUpperInvariant()))
        {
            ["PersonId"] = person, ["EffectiveAt"] = DateTimeOffset.UtcNow, ["EventSource"] = "urn:hr", ["EventId"] = "e1",
        });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var people = new TablePeopleStore(clients.Tables, Options.Create(new OffboardingOptions()), Shards(16), time);

        Assert.Equal(person, (await people.TryGetAsync(person.ToLowerInvariant(), CancellationToken.None))?.PersonId);
        Assert.Contains(person, (await people.GetOffboardedAsync(CancellationToken.None, fresh: true)).Keys);
        Assert.False(await people.TryAddOffboardingAsync(new OffboardingRecord(person, DateTimeOffset.UtcNow, null, "urn:hr", "e2"), CancellationToken.None));

        var fresh = $"new-{Guid.NewGuid():N}@x";
        Assert.True(await people.TryAddOffboardingAsync(new OffboardingRecord(fresh, DateTimeOffset.UtcNow, null, "urn:hr", "e3"), CancellationToken.None));
        Assert.False(await people.TryAddOffboardingAsync(new OffboardingRecord(fresh.ToUpperInvariant(), DateTimeOffset.UtcNow, null, "urn:hr", "e4"), CancellationToken.None));
        Assert.Equal(fresh, (await people.TryGetAsync(fresh, CancellationToken.None))?.PersonId);
    }

    [Fact]
    public async Task Rejections_ShardedAndUnsharded_OneQueueNewestFirstWithoutAnotherQueuesRows()
    {
        var clients = await ClientsAsync();
        var queue = $"q{Guid.NewGuid():N}"[..20];
        var start = DateTimeOffset.UtcNow;
        var store = new TableRejectionStore(clients.Tables, Shards(8));
        for (var i = 0; i < 12; i++) await store.AddAsync(new Rejection(queue, $"m{i}", start.AddSeconds(i), "bad", "{}", "sha"), CancellationToken.None);
        await store.AddAsync(new Rejection(queue + "-poison", "other", start, "bad", "{}", "sha"), CancellationToken.None);
        // As an earlier version wrote it: partition = the queue alone.
        await clients.Tables.GetTableClient(TableNames.Rejections).AddEntityAsync(new TableEntity(queue, "9|legacy")
        {
            ["Queue"] = queue, ["MessageId"] = "legacy", ["ReceivedAt"] = start.AddSeconds(-1), ["Reason"] = "bad", ["Body"] = "{}", ["BodySha256"] = "sha",
        });

        var listed = new List<Rejection>();
        await foreach (var r in store.ListAsync(queue, CancellationToken.None)) listed.Add(r);

        Assert.Equal([.. Enumerable.Range(0, 12).Reverse().Select(i => $"m{i}"), "legacy"], listed.Select(r => r.MessageId));
    }

    [Fact]
    public async Task ActiveCount_UnshardedBaseRowAndShardedDeltas_Summed()
    {
        var clients = await ClientsAsync();
        var counter = new TableActiveTokenCounter(clients.Tables, Shards(4), TimeProvider.System);
        var before = await counter.GetAsync(CancellationToken.None);
        await clients.Tables.GetTableClient(TableNames.Sweeps).UpsertEntityAsync(new TableEntity("counter", $"delta|legacy{Guid.NewGuid():N}") { ["Delta"] = 5L });
        for (var i = 0; i < 6; i++) await counter.AddAsync(-1, CancellationToken.None);
        await counter.AddAsync(10, CancellationToken.None);
        await counter.FlushAsync(CancellationToken.None);

        Assert.Equal(before + 5 - 6 + 10, await new TableActiveTokenCounter(clients.Tables, Shards(16), TimeProvider.System).GetAsync(CancellationToken.None));
    }

    private static async Task<List<DueHint>> ListAsync(TableDueIndex index, DateTimeOffset cutoff, string run)
    {
        var hints = new List<DueHint>();
        await foreach (var h in index.ListDueAsync(cutoff, CancellationToken.None))
            if (h.TokenId.Contains(run, StringComparison.Ordinal)) hints.Add(h);
        return hints;
    }
}
