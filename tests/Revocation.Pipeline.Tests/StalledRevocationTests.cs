using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Events;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;
using Revocation.Storage;
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
        var dryRun = await p.SweepAsync(SweepMode.DryRun);
        Assert.Equal([(SweepActions.Requeue, Reasons.Manual)], Of(dryRun, "stall:lost").Select(i => (i.Action, i.Reasons.Single())));
        Assert.Equal(0, await QueuedAsync(p));
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
        Assert.Equal(RevocationResult.RetryScheduled, await RevocationMessageHandler.HandleAsync(
            p.Get<RevocationService>(), p.Get<IRejectionStore>(), clock, message.MessageId, message.Body.ToString(), CancellationToken.None));
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);

        // The request's stall hint falls due, but the token moved 30 minutes after it was filed.
        clock.Advance(stalledAfter - TimeSpan.FromMinutes(29));
        var sweep = await p.SweepAsync();
        Assert.Empty(Of(sweep, "stall:busy"));
        Assert.True(sweep.StaleHintsCleaned >= 1); // its hint moved on to when it would stall now
        Assert.Equal(1, await QueuedAsync(p)); // only the worker's own retry
        Assert.DoesNotContain(await p.HistoryAsync("stall:busy"), e => e.Type == "revocation.requeued");
    }

    public void Dispose() => File.Delete(_keyFile);
}
