using Revocation.Core.Storage;

namespace Revocation.Core.Revocation;

/// <summary>
/// The due-index hint that brings the sweep back to a <c>revocation-pending</c> token if its request is lost: at
/// the moment the revocation would count as stalled (<see cref="RevocationOptions.StalledAfter"/> after it last moved).
/// </summary>
public static class StallHints
{
    public static Task FileStallHintAsync(
        this IDueIndex due, string tokenId, DateTimeOffset lastMoved, RevocationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(options);
        return due.UpsertAsync(tokenId, lastMoved + options.StalledAfter, cancellationToken);
    }
}
