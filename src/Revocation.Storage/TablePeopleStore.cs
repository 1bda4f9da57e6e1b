using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Revocation.Core.Offboarding;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Storage;

/// <summary>
/// Offboarded people spread over <see cref="StorageOptions.Shards"/> partitions (<c>people|NN</c>, the shard of the person
/// key), keyed by <see cref="PersonIds.Key"/> (the id as sent is kept in <c>PersonId</c>). Reads take every shard and
/// the unsharded <c>people</c> partition of earlier versions (docs/scale.md). <see cref="GetOffboardedAsync"/> is served from a cache refreshed every
/// <see cref="OffboardingOptions.PeopleCacheLifetime"/>, so the intake pays no request per event for it; a write through this instance
/// clears the cache at once.
/// </summary>
public sealed class TablePeopleStore(
    TableServiceClient service, IOptions<OffboardingOptions> options, IOptions<StorageOptions> storage, TimeProvider time) : IPeopleStore, IDisposable
{
    private const string BaseName = "people";
    private readonly TableClient _table = service.GetTableClient(TableNames.People);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private long _generation;
    private (DateTimeOffset LoadedAt, IReadOnlyDictionary<string, DateTimeOffset> People)? _cache;

    public async Task<bool> TryAddOffboardingAsync(OffboardingRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        // Recorded under another layout or shard count: the same person, already recorded.
        if (await TryGetAsync(record.PersonId, cancellationToken) is not null) return false;
        var key = KeyEncoding.Encode(PersonIds.Key(record.PersonId));
        try
        {
            await _table.AddEntityAsync(new TableEntity(ShardKey.Partition(BaseName, ShardKey.Of(key, storage.Value.Shards)), key)
            {
                ["PersonId"] = record.PersonId, ["EffectiveAt"] = record.EffectiveAt, ["Successor"] = record.Successor,
                ["EventSource"] = record.EventSource, ["EventId"] = record.EventId,
            }, cancellationToken);
            Interlocked.Increment(ref _generation);
            _cache = null;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<OffboardingRecord?> TryGetAsync(string personId, CancellationToken cancellationToken)
    {
        // One query over every shard (and the unsharded partition): right whatever shard count wrote the row.
        var filter = $"({ShardKey.AllPartitionsFilter(BaseName)}) and {TableClient.CreateQueryFilter($"RowKey eq {KeyEncoding.Encode(PersonIds.Key(personId))}")}";
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            return ToRecord(row);
        return null;
    }

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> GetOffboardedAsync(CancellationToken cancellationToken, bool fresh = false)
    {
        var now = time.GetUtcNow();
        if (!fresh && _cache is { } c && now - c.LoadedAt < options.Value.PeopleCacheLifetime) return c.People;
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (!fresh && _cache is { } again && now - again.LoadedAt < options.Value.PeopleCacheLifetime) return again.People;
            // A write through this instance during the load bumps the generation: the load is then not cached,
            // or the cache would hide the person just recorded for a whole lifetime.
            var generation = Volatile.Read(ref _generation);
            var people = new Dictionary<string, DateTimeOffset>(PersonIds.Comparer);
            await foreach (var row in _table.QueryAsync<TableEntity>(ShardKey.AllPartitionsFilter(BaseName), cancellationToken: cancellationToken))
                people[row.GetString("PersonId")!] = row.GetDateTimeOffset("EffectiveAt") ?? DateTimeOffset.MinValue;
            if (generation == Volatile.Read(ref _generation)) _cache = (now, people);
            return people;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private static OffboardingRecord ToRecord(TableEntity t) => new(
        t.GetString("PersonId")!, t.GetDateTimeOffset("EffectiveAt") ?? DateTimeOffset.MinValue, t.GetString("Successor"),
        t.GetString("EventSource") ?? "", t.GetString("EventId") ?? "");
}
