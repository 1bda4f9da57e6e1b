using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Events;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>
/// A <c>revocation-pending</c> token whose queued request was lost (poisoned, deleted) is found by the sweep once it
/// has not moved for <see cref="RevocationOptions.StalledAfter"/>, and re-queued; one still retrying is left alone.
/// </summary>
public sealed class StalledRevocationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");

    // Tests of this class share an Azurite: each runs its own years ahead, and looks only at its own token.
    private static FakeTimeProvider Clock(int year) => new(new DateTimeOffset(year, 3, 4, 10, 0, 0, TimeSpan.Zero));

    private static List<SweepItem> Of(SweepReport report, string tokenId) => [.. report.Items.Where(i => i.TokenId == tokenId)];

    private static async Task<int> QueuedAsync(Pipeline p) =>
        (await p.Clients.Queues.GetQueueClient(QueueNames.Revocations).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    [Fact]
    public async Task Sweep_PendingTokenWhoseRequestWasLost_IsRequeuedOnceStalledThenRevoked()
    {
        var clock = Clock(2031);
        var provider = new ScriptedProvider(RevocationOutcome.Revoked("200"));
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, clock, provider);
        var stalledAfter = p.Get<IOptions<RevocationOptions>>().Value.StalledAfter;
        await p.DeliverAsync(Events.Issued("iss-stall", "stall:lost", "batch", "alice", clock.GetUtcNow().AddMinutes(-1)));
        Assert.True(await p.Get<RevocationRequester>().RequestAsync("stall:lost", Reasons.Manual, "test", null, CancellationToken.None));
        await p.Clients.Queues.GetQueueClient(QueueNames.Revocations).ClearMessagesAsync(); // the request is lost

        clock.Advance(stalledAfter - TimeSpan.FromMinutes(1));
        var early = await p.SweepAsync();
        Assert.Empty(Of(early, "stall:lost"));
        Assert.Equal(0, await QueuedAsync(p));

        clock.Advance(TimeSpan.FromMinutes(2));
        var before = await StorageSnapshot.TakeAsync(p);
        var dryRun = await p.SweepAsync(SweepMode.DryRun);
        Assert.Equal([(SweepActions.Requeue, Reasons.Manual)], Of(dryRun, "stall:lost").Select(i => (i.Action, i.Reasons.Single())));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(p)); // a dry run changes nothing
        var sweep = await p.SweepAsync();
        Assert.Equal((SweepActions.Requeue, 0), (Of(sweep, "stall:lost").Single().Action, sweep.Revocations)); // not a new revocation
        Assert.Equal(1, await QueuedAsync(p));
        Assert.Empty(Of(await p.SweepAsync(), "stall:lost")); // the next run finds it moving again

        Assert.Equal([RevocationResult.Revoked], await p.DrainRevocationsAsync());
        var history = await p.HistoryAsync("stall:lost");
        Assert.Equal(["token.issued", "revocation.requested", "revocation.requeued", "revocation.confirmed"], history.Select(e => e.Type));
        Assert.Equal(1, provider.Calls);

        // Done: its stall hint is stale and cleaned, nothing is queued again.
        clock.Advance(stalledAfter + TimeSpan.FromMinutes(1));
        var after = await p.SweepAsync();
        Assert.Empty(Of(after, "stall:lost"));
        Assert.True(after.StaleHintsCleaned >= 1);
        Assert.Equal(0, await QueuedAsync(p));
    }

    [Fact]
    public async Task Sweep_PendingTokenStillRetrying_IsNotRequeued()
    {
        var clock = Clock(2033);
        var provider = new ScriptedProvider(RevocationOutcome.RetryLater("503"), RevocationOutcome.Revoked("200"));
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, clock, provider);
        var stalledAfter = p.Get<IOptions<RevocationOptions>>().Value.StalledAfter;
        await p.DeliverAsync(Events.Issued("iss-busy", "stall:busy", "batch", "alice", clock.GetUtcNow().AddMinutes(-1)));
        await p.Get<RevocationRequester>().RequestAsync("stall:busy", Reasons.Manual, "test", null, CancellationToken.None);

        // Half an hour later the worker makes attempt 1, which fails for now: the revocation moved.
        clock.Advance(TimeSpan.FromMinutes(30));
        var queue = p.Clients.Queues.GetQueueClient(QueueNames.Revocations);
        var message = (await queue.ReceiveMessagesAsync(1)).Value.Single();
        Assert.Equal(RevocationResult.RetryScheduled, await p.Get<RevocationMessageService>().HandleAsync(
            message.MessageId, message.Body.ToString(), CancellationToken.None));
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);

        // The request's stall hint falls due, but the token moved 30 minutes after it was filed.
        clock.Advance(stalledAfter - TimeSpan.FromMinutes(29));
        var sweep = await p.SweepAsync();
        Assert.Empty(Of(sweep, "stall:busy"));
        Assert.True(sweep.StaleHintsCleaned >= 1); // its hint moved on to when it would stall now
        Assert.Equal(1, await QueuedAsync(p)); // only the worker's own retry
        Assert.DoesNotContain(await p.HistoryAsync("stall:busy"), e => e.Type == "revocation.requeued");
    }

    [Fact]
    public async Task Sweep_RequestLostMoreThanMaxRequeuesTimes_GivesTheTokenUpAsRevocationFailed()
    {
        // Its own Azurite: the active count is account-wide, and the other tests leave pending tokens behind.
        await using var own = await AzuriteFixture.StartAsync();
        var clock = Clock(2035);
        var provider = new ScriptedProvider();
        using var p = new Pipeline(own.ConnectionString, Events.Policy(), _keyFile, clock, provider);
        var stalledAfter = p.Get<IOptions<RevocationOptions>>().Value.StalledAfter;
        var counter = p.Get<IActiveTokenCounter>();
        var queue = p.Clients.Queues.GetQueueClient(QueueNames.Revocations);
        await queue.ClearMessagesAsync();
        var baseline = await counter.GetAsync(CancellationToken.None);
        await p.DeliverAsync(Events.Issued("iss-gone", "stall:given-up", "batch", "alice", clock.GetUtcNow().AddMinutes(-1)));
        await p.Get<RevocationRequester>().RequestAsync("stall:given-up", Reasons.Manual, "test", null, CancellationToken.None);

        var actions = new List<string>();
        for (var round = 0; round <= new RevocationOptions().MaxRequeues; round++)
        {
            await queue.ClearMessagesAsync(); // every request is lost (say each message ends in the poison queue)
            clock.Advance(stalledAfter + TimeSpan.FromMinutes(1));
            actions.AddRange(Of(await p.SweepAsync(), "stall:given-up").Select(i => i.Action));
        }

        Assert.Equal(Enumerable.Repeat(SweepActions.Requeue, new RevocationOptions().MaxRequeues + 1), actions);
        var token = (await p.Get<ITokenStore>().TryGetAsync("stall:given-up", CancellationToken.None))!;
        Assert.Equal((TokenStates.RevocationFailed, new RevocationOptions().MaxRequeues), (token.State, token.Revocation.Requeues));
        var history = (await p.HistoryAsync("stall:given-up")).Select(e => e.Type).ToList();
        Assert.Equal(new RevocationOptions().MaxRequeues, history.Count(t => t == "revocation.requeued"));
        Assert.Equal("revocation.failed", history[^1]);
        Assert.Equal(0, await QueuedAsync(p));
        Assert.Equal(baseline, await counter.GetAsync(CancellationToken.None));
        Assert.Equal(0, provider.Calls);

        clock.Advance(stalledAfter + TimeSpan.FromMinutes(1));
        Assert.Empty(Of(await p.SweepAsync(), "stall:given-up")); // failed is an end: no more re-queues
    }

    public void Dispose() => File.Delete(_keyFile);
}
