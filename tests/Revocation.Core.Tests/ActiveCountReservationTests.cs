using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Tests;

/// <summary>
/// An incident's one-write reservation of the active count: before the first write the count is down by every possible
/// target, at no point is it above the truth, and once settled it equals the truth, whatever each write did.
/// </summary>
public sealed class ActiveCountReservationTests
{
    [Fact]
    public async Task Settled_CountEqualsTheTruth_AndNeverExceedsItOnTheWay()
    {
        // The truth before: 5 counted (4 active, 1 pending) and 1 failed (not counted); the counter agrees.
        var counter = new RecordingCounter(5);
        var reservation = await ActiveCountReservation.TakeAsync(counter, 6, CancellationToken.None);
        Assert.Equal([-6L], counter.Deltas);
        var truth = 5L;

        async Task Write(string before, string? after, TokenWriteStatus status = TokenWriteStatus.Committed)
        {
            await reservation.WriteAsync(() => Task.FromResult(new TokenWrite(status, Token(before), after is null ? null : Token(after))));
            if (status == TokenWriteStatus.Committed) truth += (Counts(after) ? 1 : 0) - (Counts(before) ? 1 : 0);
            Assert.True(counter.Value <= truth, $"count {counter.Value} above the truth {truth}");
        }

        await Write(TokenStates.Active, TokenStates.Revoked);
        await Write(TokenStates.Active, TokenStates.AccessRemoved);
        await Write(TokenStates.Active, TokenStates.RevocationPending);              // retried through the queue: still counted
        await Write(TokenStates.Active, TokenStates.Revoked, TokenWriteStatus.NoChange); // another request got there first
        await Write(TokenStates.RevocationFailed, TokenStates.RevocationPending);    // asked again: counted again
        Assert.Equal(6, reservation.Reserved);

        await reservation.SettleAsync(CancellationToken.None);
        Assert.Equal(truth, counter.Value);
        Assert.Equal(2, counter.Deltas.Count); // one write to take, one to settle
        await reservation.SettleAsync(CancellationToken.None);
        Assert.Equal(2, counter.Deltas.Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => reservation.WriteAsync(() => Task.FromResult(new TokenWrite(TokenWriteStatus.NoChange, null, null))));
    }

    [Fact]
    public async Task AThrowingWrite_LeavesTheTokenTakenOut_TheSafeSide()
    {
        var counter = new RecordingCounter(3);
        var reservation = await ActiveCountReservation.TakeAsync(counter, 1, CancellationToken.None);
        await Assert.ThrowsAsync<TimeoutException>(() => reservation.WriteAsync(() => throw new TimeoutException()));
        await reservation.SettleAsync(CancellationToken.None);
        // Whether the write committed is unknown: the token stays taken out (the count may be low, never high).
        Assert.Equal(2, counter.Value);
    }

    [Fact]
    public async Task NothingReserved_WritesNothing()
    {
        var counter = new RecordingCounter(3);
        var reservation = await ActiveCountReservation.TakeAsync(counter, 0, CancellationToken.None);
        await reservation.SettleAsync(CancellationToken.None);
        Assert.Empty(counter.Deltas);
    }

    private static bool Counts(string? state) => state is TokenStates.Active or TokenStates.RevocationPending;

    private static TokenRecord Token(string state) => TokenRecords.New("t") with
    {
        View = new TokenView { TokenId = "t", IsRegistered = true },
        Revocation = RevocationStatus.None with { State = state },
    };

    private sealed class RecordingCounter(long start) : IActiveTokenCounter
    {
        public long Value { get; private set; } = start;

        public List<long> Deltas { get; } = [];

        public Task AddAsync(long delta, CancellationToken cancellationToken)
        {
            Deltas.Add(delta);
            Value += delta;
            return Task.CompletedTask;
        }

        public Task<long> GetAsync(CancellationToken cancellationToken) => Task.FromResult(Value);

        public Task<long> CountExactlyAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
