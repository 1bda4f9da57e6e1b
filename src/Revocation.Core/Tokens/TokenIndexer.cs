using Revocation.Core.Incidents;
using Revocation.Core.Storage;

namespace Revocation.Core.Tokens;

/// <summary>
/// Keeps the due, person and slice indexes and the active count in step with a token's state. Index rows are hints,
/// so writes are upserts: running this twice for the same change is harmless.
/// </summary>
public sealed class TokenIndexer(IDueIndex due, IPersonIndex persons, ISliceIndex slices, IActiveTokenCounter counter)
{
    public async Task AfterCommitAsync(TokenRecord? before, TokenRecord after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        var wasRegistered = before?.View.IsRegistered ?? false;
        if (!after.View.IsRegistered) return;
        var writes = new List<Task>(6);
        if (after.View.Owner is { } owner && (!wasRegistered || !PersonIds.Same(before!.View.Owner, owner)))
            writes.Add(persons.AddAsync(owner, after.TokenId, cancellationToken));
        if (after.View.Holder is { } holder && !PersonIds.Same(holder, after.View.Owner) && !wasRegistered)
            writes.Add(persons.AddAsync(holder, after.TokenId, cancellationToken));
        // A due time that moved later keeps its earlier hint valid (the sweep re-files it); only earlier or new ones are written.
        if (after.IsActive && after.NextDueAt is { } next && (!wasRegistered || before!.NextDueAt is null || next < before.NextDueAt))
            writes.Add(due.UpsertAsync(after.TokenId, next, cancellationToken));
        // A slice row for every dimension whose value is new (a transfer from a partner changes the source).
        foreach (var dimension in SliceDimensions.All)
        {
            if (SliceValues.Of(after, dimension) is not { } value) continue;
            if (wasRegistered && SliceValues.Has(before!, dimension, value)) continue;
            writes.Add(slices.AddAsync(dimension, value, after.TokenId, cancellationToken));
        }
        // Independent rows in other tables: written together, one round trip of latency.
        await Task.WhenAll(writes);
        await counter.ApplyAsync(before, after, cancellationToken);
    }

    /// <summary>Re-writes every index row for the token (after a redelivery whose first handling may have stopped early).</summary>
    public async Task EnsureAsync(TokenRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.View.IsRegistered) return;
        if (record.View.Owner is { } owner) await persons.AddAsync(owner, record.TokenId, cancellationToken);
        if (record.View.Holder is { } holder && !PersonIds.Same(holder, record.View.Owner)) await persons.AddAsync(holder, record.TokenId, cancellationToken);
        if (record.IsActive && record.NextDueAt is { } next) await due.UpsertAsync(record.TokenId, next, cancellationToken);
        foreach (var dimension in SliceDimensions.All)
            if (SliceValues.Of(record, dimension) is { } value) await slices.AddAsync(dimension, value, record.TokenId, cancellationToken);
    }
}
