using Revocation.Core.Tokens;

namespace Revocation.Core.Storage;

/// <summary>
/// Keeps <see cref="IActiveTokenCounter"/> in step with revocation writes. A token counts while it is active or
/// revocation-pending (it is still live at its provider); a committed write adds the difference between after and
/// before, so every path (a failed token re-requested, a pending one confirmed inline, a lost request given up)
/// moves the count once and by the right amount.
/// <para>
/// The count is kept a lower bound of the truth, the side on which the sweep's fraction guard trips rather than
/// passes: an increment is added after its write committed (a crash in between loses it: the count is low), and a
/// decrement is added before the write that takes a token out of the count (<see cref="CountedWriteAsync"/>: a crash
/// or a lost race in between leaves the count low, corrected after the write when the write is known not to have
/// happened). Adapters may batch increments but must write decrements at once.
/// </para>
/// </summary>
public static class ActiveTokenCount
{
    public static bool Counts(TokenRecord? token) =>
        token is not null && (token.IsActive || token.State == TokenStates.RevocationPending);

    public static Task ApplyAsync(this IActiveTokenCounter counter, TokenWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        return write.Status == TokenWriteStatus.Committed ? counter.ApplyAsync(write.Before, write.After, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>
    /// Runs <paramref name="write"/>, which takes <paramref name="known"/> out of the count when <paramref name="ends"/>:
    /// the decrement is added first, and after the write the count is corrected by what the write really did (nothing,
    /// when another writer got there first). A write that throws keeps the early decrement: whether it committed is
    /// unknown, and a low count is the safe side.
    /// </summary>
    public static async Task<TokenWrite> CountedWriteAsync(
        this IActiveTokenCounter counter, TokenRecord? known, bool ends, Func<Task<TokenWrite>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(write);
        var early = ends && Counts(known) ? -1 : 0;
        if (early != 0) await counter.AddAsync(early, cancellationToken);
        var result = await write();
        var actual = result.Status == TokenWriteStatus.Committed ? (Counts(result.After) ? 1 : 0) - (Counts(result.Before) ? 1 : 0) : 0;
        if (actual != early) await counter.AddAsync(actual - early, cancellationToken);
        return result;
    }

    /// <summary>The same for a change the caller committed itself (the intake's recorder).</summary>
    public static Task ApplyAsync(this IActiveTokenCounter counter, TokenRecord? before, TokenRecord? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var delta = (Counts(after) ? 1 : 0) - (Counts(before) ? 1 : 0);
        return delta == 0 ? Task.CompletedTask : counter.AddAsync(delta, cancellationToken);
    }
}
