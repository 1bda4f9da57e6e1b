using Revocation.Core.Tokens;

namespace Revocation.Core.Storage;

/// <summary>
/// The early decrement of <see cref="ActiveTokenCount.CountedWriteAsync"/> taken once for many writes: a caller about to
/// end a known set of tokens (an incident's slice) takes them all out of the count in one write before the first of
/// its writes, each write then adds what it really did here, and <see cref="SettleAsync"/> gives back in one write what
/// was reserved and not ended. The count stays a lower bound of the truth throughout, as with the per-write decrement:
/// a crash before settling leaves it low (the guard's safe side) until the next exact count. Thread-safe.
/// </summary>
public sealed class ActiveCountReservation
{
    private readonly IActiveTokenCounter _counter;
    private readonly long _reserved;
    private long _applied;
    private long _unknown;
    private int _settled;

    private ActiveCountReservation(IActiveTokenCounter counter, long reserved)
    {
        _counter = counter;
        _reserved = reserved;
    }

    /// <summary>
    /// Takes <paramref name="tokens"/> out of the count (one write): at least as many as the writes to come may end (an
    /// upper bound is fine; what is not ended is given back when settled).
    /// </summary>
    public static async Task<ActiveCountReservation> TakeAsync(IActiveTokenCounter counter, long tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        if (tokens > 0) await counter.AddAsync(-tokens, cancellationToken);
        return new ActiveCountReservation(counter, tokens);
    }

    /// <summary>How many tokens the reservation took out of the count.</summary>
    public long Reserved => _reserved;

    /// <summary>
    /// Runs a write of a token this reservation covers and keeps the count change it made (nothing, when it did not
    /// commit). A write that throws changes nothing here: the token stays taken out until settled, the safe side.
    /// </summary>
    public async Task<TokenWrite> WriteAsync(Func<Task<TokenWrite>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (Volatile.Read(ref _settled) != 0) throw new InvalidOperationException("the reservation was settled: its writes are over");
        TokenWrite result;
        try
        {
            result = await write();
        }
        catch
        {
            // Committed or not is unknown: the token is not given back when settling (a low count is the safe side).
            Interlocked.Increment(ref _unknown);
            throw;
        }
        if (result.Status == TokenWriteStatus.Committed)
            Interlocked.Add(ref _applied, (ActiveTokenCount.Counts(result.After) ? 1 : 0) - (ActiveTokenCount.Counts(result.Before) ? 1 : 0));
        return result;
    }

    /// <summary>
    /// Gives back what was reserved and not ended (one write; none when every reserved token ended). Once: after this,
    /// <see cref="WriteAsync"/> refuses.
    /// </summary>
    public Task SettleAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0) return Task.CompletedTask;
        // Each ended token applied -1 and was reserved once: reserved + applied is what is still owed back, less the
        // tokens whose write threw (they may have ended).
        var giveBack = _reserved + Interlocked.Read(ref _applied) - Interlocked.Read(ref _unknown);
        return giveBack == 0 ? Task.CompletedTask : _counter.AddAsync(giveBack, cancellationToken);
    }
}
