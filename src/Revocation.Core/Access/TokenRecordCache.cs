using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Access;

/// <summary>
/// Token records held in memory for decisions, each for at most <see cref="DecisionOptions.CacheFor"/> after it was read
/// (a token never seen is held too, so a caller repeating an unknown id costs one read per bound). Every state write of
/// this instance goes through <see cref="TokenWriter"/>, which hands the committed record to <see cref="Written"/>: a
/// revocation, transfer, retirement or use made here is seen by the next decision at once. The cache is per instance.
/// </summary>
public sealed class TokenRecordCache(ITokenStore store, IOptions<DecisionOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;
    private int _added;

    /// <summary>The record (null: never seen) and how old the copy is.</summary>
    public async Task<(TokenRecord? Record, TimeSpan Age)> GetAsync(string tokenId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The pipeline's own chain is no token, whatever a caller names.
        if (tokenId == Ledger.LedgerChains.System) return (null, TimeSpan.Zero);
        var bound = options.Value.CacheFor;
        if (_entries.TryGetValue(tokenId, out var e) && now - e.LoadedAt < bound && now >= e.LoadedAt) return (e.Record, now - e.LoadedAt);
        // A write during the read bumps the generation: the read is then not cached, or it would hide the write for a bound.
        var generation = Interlocked.Read(ref _generation);
        var record = await store.TryGetAsync(tokenId, cancellationToken);
        if (bound > TimeSpan.Zero && Interlocked.Read(ref _generation) == generation) Put(tokenId, record, now);
        return (record, TimeSpan.Zero);
    }

    /// <summary>A state write of this instance committed <paramref name="record"/>: later decisions see it without a read.</summary>
    public void Written(TokenRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.TokenId == Ledger.LedgerChains.System) return;
        Interlocked.Increment(ref _generation);
        if (options.Value.CacheFor > TimeSpan.Zero) Put(record.TokenId, record, time.GetUtcNow());
        else _entries.TryRemove(record.TokenId, out _);
    }

    /// <summary>Drops every entry (tests; a host that wants the next decisions read storage).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
        Interlocked.Exchange(ref _added, 0);
    }

    public int Count => _entries.Count;

    private void Put(string tokenId, TokenRecord? record, DateTimeOffset at)
    {
        var entry = new Entry(record, at);
        var added = false;
        _entries.AddOrUpdate(tokenId, _ => { added = true; return entry; }, (_, _) => entry);
        // A deliberate cap: past it the whole cache starts over rather than keep an LRU, which costs a lock per hit.
        // Entries added are counted apart (ConcurrentDictionary.Count takes every lock); a lost race only counts one more.
        if (added && Interlocked.Increment(ref _added) > options.Value.MaxCachedTokens)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _added, 0);
        }
    }

    private sealed record Entry(TokenRecord? Record, DateTimeOffset LoadedAt);
}
