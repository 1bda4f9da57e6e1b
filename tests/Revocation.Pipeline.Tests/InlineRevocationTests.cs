using Microsoft.Extensions.Options;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Ledger;
using Revocation.Core.Offboarding;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;
using Revocation.Secrets;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>
/// The leaver event's handler revokes a <c>revoke</c> class's tokens itself (first attempt inline) and hands only
/// what did not confirm to the revocations queue. Provider scripted, storage Azurite.
/// </summary>
public sealed class InlineRevocationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");

    private static async Task IssueAsync(Pipeline p, string person, params string[] tokenIds)
    {
        foreach (var id in tokenIds)
            await p.DeliverAsync(Events.Issued("iss-" + id, id, "ci", person, DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    private static async Task<TokenRecord> TokenAsync(Pipeline p, string id) =>
        (await p.Get<ITokenStore>().TryGetAsync(id, CancellationToken.None))!;

    private static async Task<int> QueuedRevocationsAsync(Pipeline p) =>
        (await p.Clients.Queues.GetQueueClient(QueueNames.Revocations).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    [Fact]
    public async Task Offboard_ProviderConfirms_RevokedBeforeTheHandlerReturnsWithNoQueueHop()
    {
        var provider = new ScriptedProvider(Enumerable.Repeat(RevocationOutcome.Revoked("200"), 3).ToArray());
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider);
        string[] ids = ["inline:ok-1", "inline:ok-2", "inline:ok-3"];
        await IssueAsync(p, "leaver-ok@x", ids);

        var result = await p.DeliverAsync(Events.Offboarded("hr-ok", "leaver-ok@x", DateTimeOffset.UtcNow), QueueNames.IdentityEvents);

        Assert.Equal(IntakeOutcome.Accepted, result.Outcome);
        Assert.Equal((3, 0), (provider.Calls, await QueuedRevocationsAsync(p)));
        foreach (var id in ids)
        {
            var token = await TokenAsync(p, id);
            Assert.Equal((TokenStates.Revoked, 1, Reasons.OwnerOffboarded), (token.State, token.Revocation.Attempts, token.Revocation.Reason));
            var history = await p.HistoryAsync(id);
            Assert.Equal(["token.issued", "revocation.requested", "revocation.confirmed"], history.Select(e => e.Type));
            Assert.Contains("\"requestedBy\":\"offboarding\"", history[1].Data, StringComparison.Ordinal);
            Assert.All(history.Skip(1), e => Assert.Equal(Reasons.OwnerOffboarded, e.Reason));
        }
        Assert.All(await p.Get<LedgerAuditService>().VerifyAllAsync(null, CancellationToken.None), chain => Assert.True(chain.IsIntact, chain.Chain));
    }

    [Fact]
    public async Task Offboard_ProviderSaysRetryLater_PendingWithAttemptTwoQueuedAndTheWorkerFinishes()
    {
        var provider = new ScriptedProvider(RevocationOutcome.RetryLater("429", TimeSpan.FromSeconds(1)), RevocationOutcome.Revoked("200"));
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider);
        await IssueAsync(p, "leaver-429@x", "inline:retry");

        await p.DeliverAsync(Events.Offboarded("hr-429", "leaver-429@x", DateTimeOffset.UtcNow), QueueNames.IdentityEvents);

        var pending = await TokenAsync(p, "inline:retry");
        Assert.Equal((TokenStates.RevocationPending, 1, "429"), (pending.State, pending.Revocation.Attempts, pending.Revocation.LastError));
        Assert.Equal(1, await QueuedRevocationsAsync(p));
        var results = await p.DrainRevocationsAsync();
        var token = await TokenAsync(p, "inline:retry");
        Assert.Equal((TokenStates.Revoked, 2, 2), (token.State, token.Revocation.Attempts, provider.Calls));
        Assert.Equal([RevocationResult.Revoked], results);
        Assert.Equal(["token.issued", "revocation.requested", "revocation.attempt-failed", "revocation.confirmed"],
            (await p.HistoryAsync("inline:retry")).Select(e => e.Type));
    }

    [Fact]
    public async Task Offboard_ProviderRefuses_RevocationFailedAndNothingQueued()
    {
        var provider = new ScriptedProvider(RevocationOutcome.Failed("400 unsupported_token_type"));
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider);
        await IssueAsync(p, "leaver-400@x", "inline:refused");

        await p.DeliverAsync(Events.Offboarded("hr-400", "leaver-400@x", DateTimeOffset.UtcNow), QueueNames.IdentityEvents);

        var token = await TokenAsync(p, "inline:refused");
        Assert.Equal((TokenStates.RevocationFailed, "400 unsupported_token_type"), (token.State, token.Revocation.LastError));
        Assert.Equal((1, 0), (provider.Calls, await QueuedRevocationsAsync(p)));
    }

    [Fact]
    public async Task Offboard_AnswerLostAfterTheProviderActed_TokenGoesToTheQueueAndIsRevokedOnce()
    {
        // Call 2's answer is lost (the provider acted, the client threw): that token falls back to the queue.
        var provider = new ScriptedProvider(Enumerable.Repeat(RevocationOutcome.Revoked("200"), 4).ToArray()) { LoseAnswerOfCall = 2 };
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider);
        string[] ids = ["inline:lost-1", "inline:lost-2", "inline:lost-3"];
        await IssueAsync(p, "leaver-lost@x", ids);
        var hr = Events.Offboarded("hr-lost", "leaver-lost@x", DateTimeOffset.UtcNow);

        var result = await p.DeliverAsync(hr, QueueNames.IdentityEvents);

        Assert.Equal(IntakeOutcome.Accepted, result.Outcome);
        var states = new List<string>();
        foreach (var id in ids) states.Add((await TokenAsync(p, id)).State);
        Assert.Equal(2, states.Count(s => s == TokenStates.Revoked));
        Assert.Equal(1, states.Count(s => s == TokenStates.RevocationPending));
        Assert.Equal(1, await QueuedRevocationsAsync(p));

        Assert.Equal([RevocationResult.Revoked], await p.DrainRevocationsAsync());
        Assert.Equal(IntakeOutcome.Accepted, (await p.DeliverAsync(hr, QueueNames.IdentityEvents)).Outcome); // redelivered: no-op
        Assert.Equal(4, provider.Calls); // three tokens, the one whose answer was lost asked again by the worker
        foreach (var id in ids)
        {
            Assert.Equal(TokenStates.Revoked, (await TokenAsync(p, id)).State);
            var history = await p.HistoryAsync(id);
            Assert.Equal(1, history.Count(e => e.Type == "revocation.confirmed"));
            Assert.Equal(1, history.Count(e => e.Type == "revocation.requested"));
        }
        Assert.Equal(0, await QueuedRevocationsAsync(p));
    }

    [Fact]
    public async Task RevokeNow_TokenPendingOnAQueuedRequestForTheSameDecision_RecordsTheConfirmationAndCountsItOnce()
    {
        // The sweep's recheck of a recent leaver queues with the offboarding's own key; the inline write must not be
        // taken for a duplicate of it (its value would be deleted with the token still pending).
        var provider = new ScriptedProvider(RevocationOutcome.Revoked("200"));
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider);
        var counter = p.Get<IActiveTokenCounter>();
        var baseline = await counter.GetAsync(CancellationToken.None);
        await IssueAsync(p, "someone@x", "inline:raced");
        var seenActive = await TokenAsync(p, "inline:raced");
        const string key = "offboarding|urn:hr|hr-raced";
        Assert.True(await p.Get<RevocationRequester>().RequestAsync("inline:raced", Reasons.OwnerOffboarded, "offboarding", key, CancellationToken.None));

        // The inline path still holds the active record it read before the queued request was written.
        var inline = await p.Get<RevocationService>().RevokeNowAsync(seenActive, Reasons.OwnerOffboarded, "offboarding", key, CancellationToken.None);
        var queued = await p.DrainRevocationsAsync();

        Assert.Equal((RevocationResult.Revoked, 1), (inline, provider.Calls));
        Assert.Equal([RevocationResult.AlreadyRevoked], queued);
        Assert.Equal(TokenStates.Revoked, (await TokenAsync(p, "inline:raced")).State);
        Assert.Equal(["token.issued", "revocation.requested", "revocation.confirmed"], (await p.HistoryAsync("inline:raced")).Select(e => e.Type));
        Assert.Equal(baseline, await counter.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RevokeNow_ConfirmsATokenAnotherRequestLeftFailed_RevokedAndNotUncountedTwice()
    {
        var provider = new ScriptedProvider(RevocationOutcome.Failed("400 unsupported_token_type"), RevocationOutcome.Revoked("200"));
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider);
        var counter = p.Get<IActiveTokenCounter>();
        var baseline = await counter.GetAsync(CancellationToken.None);
        await IssueAsync(p, "someone@x", "inline:was-failed");
        var seenActive = await TokenAsync(p, "inline:was-failed");
        await p.Get<RevocationRequester>().RequestAsync("inline:was-failed", Reasons.Manual, "test", null, CancellationToken.None);
        Assert.Equal([RevocationResult.Failed], await p.DrainRevocationsAsync());
        Assert.Equal(baseline, await counter.GetAsync(CancellationToken.None));

        var inline = await p.Get<RevocationService>().RevokeNowAsync(seenActive, Reasons.OwnerOffboarded, "offboarding", "k", CancellationToken.None);

        Assert.Equal(RevocationResult.Revoked, inline);
        Assert.Equal(TokenStates.Revoked, (await TokenAsync(p, "inline:was-failed")).State);
        Assert.Equal(baseline, await counter.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task LeftoverValueOfARevokedToken_DeletedByTheLeaverEventsRedeliveryAndByAStaleRequest()
    {
        // A handling that failed after the revocation was recorded but before the value's deletion leaves the value
        // stored; what the queue delivers next (the same leaver event, or a request for the token) deletes it.
        var provider = new ScriptedProvider(Enumerable.Repeat(RevocationOutcome.Revoked("200"), 2).ToArray());
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider);
        var secrets = p.Get<LocalSecretStore>();
        var refs = new Dictionary<string, string>();
        foreach (var id in new[] { "inline:left-1", "inline:left-2" })
        {
            refs[id] = await secrets.PutAsync("value-of-" + id, CancellationToken.None);
            await p.DeliverAsync(Events.Issued("iss-" + id, id, "ci", "leaver-left@x", DateTimeOffset.UtcNow.AddMinutes(-1),
                $$"""{"secretRef":"{{refs[id]}}"}"""));
        }
        var hr = Events.Offboarded("hr-left", "leaver-left@x", DateTimeOffset.UtcNow);
        await p.DeliverAsync(hr, QueueNames.IdentityEvents);
        Assert.All(refs.Values, r => Assert.Null(secrets.TryGetAsync(r, CancellationToken.None).GetAwaiter().GetResult()));

        var table = p.Clients.Tables.GetTableClient("localsecrets");
        async Task<TableEntity> PutBackAsync(string secretRef)
        {
            var row = new TableEntity(LocalSecretStore.PartitionKey, secretRef[LocalSecretStore.Scheme.Length..]) { ["Format"] = "leftover" };
            await table.AddEntityAsync(row);
            return row;
        }
        async Task<bool> StoredAsync(TableEntity row) => (await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey)).HasValue;

        var first = await PutBackAsync(refs["inline:left-1"]);
        await p.DeliverAsync(hr, QueueNames.IdentityEvents);
        Assert.False(await StoredAsync(first));

        var second = await PutBackAsync(refs["inline:left-2"]);
        var stale = await p.Get<RevocationService>().HandleAsync(
            new RevocationRequest("inline:left-2", Reasons.Manual, DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Equal(RevocationResult.AlreadyRevoked, stale);
        Assert.False(await StoredAsync(second));
        Assert.Equal(2, provider.Calls);
    }

    [Fact]
    public async Task Offboard_InlineBudgetSpent_TheRestAreQueuedAndEveryTokenEndsRevoked()
    {
        // Every provider call takes (on this clock) longer than the whole inline budget.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var provider = new ScriptedProvider(Enumerable.Repeat(RevocationOutcome.Revoked("200"), 20).ToArray())
        {
            OnCall = () => clock.Advance(new OffboardingOptions().InlineBudget + TimeSpan.FromSeconds(1)),
        };
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, clock, provider);
        var ids = Enumerable.Range(0, 20).Select(i => $"inline:budget-{i:D2}").ToArray();
        foreach (var id in ids)
            await p.DeliverAsync(Events.Issued("iss-" + id, id, "ci", "leaver-big@x", clock.GetUtcNow().AddMinutes(-1)));

        await p.DeliverAsync(Events.Offboarded("hr-big", "leaver-big@x", clock.GetUtcNow()), QueueNames.IdentityEvents);

        var inline = provider.Calls;
        var queued = await QueuedRevocationsAsync(p);
        // Workers start at most 16 tokens before any of them has called the provider; the rest start after the budget.
        Assert.InRange(inline, 1, p.Get<IOptions<OffboardingOptions>>().Value.MaxConcurrentTokens);
        Assert.Equal(ids.Length, inline + queued);
        var states = new List<string>();
        foreach (var id in ids) states.Add((await TokenAsync(p, id)).State);
        Assert.Equal((inline, queued), (states.Count(s => s == TokenStates.Revoked), states.Count(s => s == TokenStates.RevocationPending)));

        await p.DrainRevocationsAsync();
        foreach (var id in ids) Assert.Equal(TokenStates.Revoked, (await TokenAsync(p, id)).State);
        Assert.Equal(ids.Length, provider.Calls);
    }

    public void Dispose() => File.Delete(_keyFile);
}
