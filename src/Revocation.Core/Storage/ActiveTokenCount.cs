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
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(write);
        if (write.Status != TokenWriteStatus.Committed) return Task.CompletedTask;
        var delta = (Counts(write.After) ? 1 : 0) - (Counts(write.Before) ? 1 : 0);
        return delta == 0 ? Task.CompletedTask : counter.AddAsync(delta, cancellationToken);
    }
}
