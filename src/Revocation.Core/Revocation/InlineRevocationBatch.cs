using System.Collections.Concurrent;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Revocation;

/// <summary>
/// What many inline revocations of one caller share (an incident's slice, see <see cref="RevocationService.RevokeNowAsync"/>):
/// the gate on provider calls (<see cref="ProviderCallGate"/>: a provider sees no more than its count of calls at once,
/// and the storage work around them, the value's read included, overlaps other tokens' calls instead of holding a
/// place), the active-count reservation taken for all of them before the first write, and the stored values to delete
/// once the confirmations are recorded (<see cref="RevocationService.ForgetValuesAsync"/>: up to 100 per request in the
/// local store instead of one each).
/// </summary>
public sealed class InlineRevocationBatch(ProviderCallGate providerCalls, ActiveCountReservation reservation)
{
    private readonly ConcurrentQueue<TokenRecord> _revoked = new();

    public ProviderCallGate ProviderCalls { get; } = providerCalls ?? throw new ArgumentNullException(nameof(providerCalls));

    public ActiveCountReservation Reservation { get; } = reservation ?? throw new ArgumentNullException(nameof(reservation));

    /// <summary>The tokens whose revocation this batch recorded, whose stored values are still to delete.</summary>
    public IReadOnlyCollection<TokenRecord> Revoked => _revoked.ToArray();

    internal void Add(TokenRecord revoked) => _revoked.Enqueue(revoked);
}
