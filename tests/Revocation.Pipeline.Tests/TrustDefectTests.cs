using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>Issue 11's core defects, each reproduced as it was found: mixed-case people, a vanished class, an unrecorded request, PATs.</summary>
public sealed class TrustDefectTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");

    private static Task<TokenRecord?> GetAsync(Pipeline p, string tokenId) => p.Get<ITokenStore>().TryGetAsync(tokenId, CancellationToken.None);

    [Fact]
    public async Task Offboarding_LeaverIdInAnotherCase_RevokesOwnedAndHeldTokensAndKeepsTheLedgersSpelling()
    {
        var provider = new ScriptedProvider(RevocationOutcome.Revoked("200"), RevocationOutcome.Revoked("200"));
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider);
        var now = DateTimeOffset.UtcNow;
        await p.DeliverAsync(Events.Issued("case-1", "case:owned", "ci", "Quinn@Fabrikam.com", now.AddMinutes(-5)));
        await p.DeliverAsync(Events.Issued("case-2", "case:other", "ci", "quinn.other@fabrikam.com", now.AddMinutes(-5)));

        var result = await p.DeliverAsync(Events.Offboarded("hr-case", "quinn@FABRIKAM.com", now), QueueNames.IdentityEvents);
        await p.DrainRevocationsAsync();

        Assert.Equal(IntakeOutcome.Accepted, result.Outcome);
        var owned = (await GetAsync(p, "case:owned"))!;
        Assert.Equal((TokenStates.Revoked, "Quinn@Fabrikam.com"), (owned.State, owned.View.Owner));
        Assert.Equal(TokenStates.Active, (await GetAsync(p, "case:other"))!.State);
        Assert.Equal(1, provider.Calls);
        // A second HR event spelling the same person another way is the same person: already offboarded.
        var again = await p.DeliverAsync(Events.Offboarded("hr-case-2", "QUINN@fabrikam.com", now), QueueNames.IdentityEvents);
        Assert.Equal(IntakeOutcome.Duplicate, again.Outcome);
    }

    [Fact]
    public async Task Transfer_FromOwnerInAnotherCase_IsAcceptedAndToALeaverInAnotherCaseIsRefused()
    {
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: new ScriptedProvider());
        var now = DateTimeOffset.UtcNow;
        await p.DeliverAsync(Events.Issued("tc-1", "case:batch", "batch", "Ana@Contoso.com", now.AddMinutes(-10)));
        await p.DeliverAsync(Events.Offboarded("hr-tc", "Gone@Contoso.com", now.AddMinutes(-9)), QueueNames.IdentityEvents);

        await p.DeliverAsync(Events.Transfer("tc-2", "case:batch", "urn:partner", "ana@contoso.com", "bo@contoso.com", now.AddMinutes(-8)));
        await p.DeliverAsync(Events.Transfer("tc-3", "case:batch", "urn:partner", "BO@contoso.com", "gone@contoso.com", now.AddMinutes(-7)));

        var history = await p.HistoryAsync("case:batch");
        Assert.Equal(
            [(Decisions.Accepted, (string?)null), (Decisions.Rejected, Reasons.ToOwnerOffboarded)],
            history.Where(e => e.Type == EventTypes.TokenTransferred).Select(e => (e.Decision, e.Reason)));
        Assert.Equal("bo@contoso.com", (await GetAsync(p, "case:batch"))!.View.Owner);
    }

    [Fact]
    public async Task Offboarding_TokenOfAClassRemovedFromThePolicy_RecordsItFailedAndHandlesTheRest()
    {
        var provider = new ScriptedProvider(RevocationOutcome.Revoked("200"));
        var now = DateTimeOffset.UtcNow;
        using (var before = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider))
        {
            await before.DeliverAsync(Events.Issued("cr-1", "removed:batch", "batch", "lee@contoso.com", now.AddMinutes(-5)));
            await before.DeliverAsync(Events.Issued("cr-2", "removed:ci", "ci", "lee@contoso.com", now.AddMinutes(-5)));
        }
        using var p = new Pipeline(azurite.ConnectionString, WithoutBatch(), _keyFile, provider: provider);

        var result = await p.DeliverAsync(Events.Offboarded("hr-cr", "lee@contoso.com", now), QueueNames.IdentityEvents);
        await p.DrainRevocationsAsync();

        Assert.Equal(IntakeOutcome.Accepted, result.Outcome);
        Assert.Equal(TokenStates.Revoked, (await GetAsync(p, "removed:ci"))!.State);
        var orphan = (await GetAsync(p, "removed:batch"))!;
        Assert.Equal(TokenStates.RevocationFailed, orphan.State);
        Assert.Contains("not in the policy", orphan.Revocation.LastError, StringComparison.Ordinal);
        Assert.Equal(["token.issued", "revocation.requested", "revocation.failed"], (await p.HistoryAsync("removed:batch")).Select(e => e.Type));
        Assert.Equal(1, provider.Calls);
    }

    [Fact]
    public async Task Sweep_DueTokenOfARemovedClass_RecordsItFailedOnceWithoutAProviderCallOrAGuardCount()
    {
        var provider = new ScriptedProvider();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using (var before = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, time, provider))
            await before.DeliverAsync(Events.Issued("crs-1", "removed:swept", "batch", "kim@contoso.com", time.GetUtcNow().AddMinutes(-1)));
        using var p = new Pipeline(azurite.ConnectionString, WithoutBatch(), _keyFile, time, provider);
        time.Advance(TimeSpan.FromDays(8)); // past the class's idle timeout: its hint is due

        var report = await p.SweepAsync();
        var second = await p.SweepAsync();

        Assert.Contains(report.Items, i => i.TokenId == "removed:swept" && i.Action == SweepActions.ClassRemoved);
        Assert.DoesNotContain(second.Items, i => i.TokenId == "removed:swept");
        Assert.Null(report.GuardReason);
        Assert.Equal(TokenStates.RevocationFailed, (await GetAsync(p, "removed:swept"))!.State);
        Assert.Equal([Reasons.ClassRemoved, Reasons.ClassRemoved],
            (await p.HistoryAsync("removed:swept")).Where(e => e.Type.StartsWith("revocation.", StringComparison.Ordinal)).Select(e => e.Reason));
        Assert.Equal(0, provider.Calls);
    }

    [Fact]
    public async Task Worker_RequestNobodyRecorded_RecordsTheRequestBeforeItsOutcome()
    {
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: new ScriptedProvider(RevocationOutcome.Revoked("200")));
        await p.DeliverAsync(Events.Issued("unrec-1", "unrecorded:1", "batch", "alice", DateTimeOffset.UtcNow.AddMinutes(-1)));
        // A request on the queue whose requester never wrote its entry (its write was lost after the enqueue).
        await p.Get<IRevocationQueue>().EnqueueAsync(
            new RevocationRequest("unrecorded:1", Reasons.Retired, DateTimeOffset.UtcNow, 1, "intake"), null, CancellationToken.None);

        await p.DrainRevocationsAsync();

        var history = await p.HistoryAsync("unrecorded:1");
        Assert.Equal(["token.issued", "revocation.requested", "revocation.confirmed"], history.Select(e => e.Type));
        Assert.Equal(Reasons.Retired, history[1].Reason);
        Assert.Contains("\"recordedBy\":\"worker\"", history[1].Data, StringComparison.Ordinal);
        Assert.Equal((TokenStates.Revoked, Reasons.Retired), ((await GetAsync(p, "unrecorded:1"))!.State, (await GetAsync(p, "unrecorded:1"))!.Revocation.Reason));
    }

    [Fact]
    public async Task Worker_ProviderRemovedAccessOnly_RecordsAccessRemovedNotRevoked()
    {
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile,
            provider: new ScriptedProvider(RevocationOutcome.AccessRemoved("access to org 'contoso' removed")));
        await p.DeliverAsync(Events.Issued("pat-1", "pat:1", "batch", "alice", DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.True(await p.Get<RevocationRequester>().RequestAsync("pat:1", Reasons.Manual, "test", null, CancellationToken.None));

        await p.DrainRevocationsAsync();

        Assert.Equal(TokenStates.AccessRemoved, (await GetAsync(p, "pat:1"))!.State);
        Assert.Equal("revocation.access-removed", (await p.HistoryAsync("pat:1"))[^1].Type);
        // Closed: asking again does nothing.
        Assert.False(await p.Get<RevocationRequester>().RequestAsync("pat:1", Reasons.Manual, "test", null, CancellationToken.None));
    }

    private static string WithoutBatch()
    {
        var policy = System.Text.RegularExpressions.Regex.Replace(Events.Policy(), @",\s*""batch"": \{[^\n]*\}", "");
        Assert.DoesNotContain("\"batch\"", policy, StringComparison.Ordinal);
        return policy;
    }

    public void Dispose() => File.Delete(_keyFile);
}
