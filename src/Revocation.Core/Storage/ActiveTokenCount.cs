using Revocation.Core.Tokens;

namespace Revocation.Core.Storage;

/// <summary>
/// Keeps <see cref="IActiveTokenCounter"/> in step with revocation writes. A token counts while it is active or
/// revocation-pending (it is still live at its provider); a committed write adds the difference between after and
/// before, so every path (a failed token re-requested, a pending one confirmed inline, a lost request given up)
/// moves the count once and by the right amount.
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

    /// <summary>The same for a change the caller committed itself (the intake's recorder).</summary>
    public static Task ApplyAsync(this IActiveTokenCounter counter, TokenRecord? before, TokenRecord? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var delta = (Counts(after) ? 1 : 0) - (Counts(before) ? 1 : 0);
        return delta == 0 ? Task.CompletedTask : counter.AddAsync(delta, cancellationToken);
    }
}
