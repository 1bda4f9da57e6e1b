using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;
using Revocation.Secrets;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>HR offboarding end to end: a real OAuth server for the revoked tokens, Azurite for everything else.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed by xunit through IAsyncLifetime.DisposeAsync.")]
public sealed class OffboardingTests(OAuthServerFixture oauth) : IClassFixture<OAuthServerFixture>, IAsyncLifetime
{
    private const string Person = "leaver@contoso.com";
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");
    private AzuriteFixture _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        File.Delete(_keyFile);
    }

    private string Policy() => Events.Policy(oauth.RevocationEndpoint.ToString()).Replace(
        "\"classes\": {",
        "\"classes\": { \"handover\": { \"owner\": \"owner@x\", \"provider\": \"corp\", \"maxTtl\": \"P90D\", \"onOwnerOffboarded\": \"reassign-to-successor\" },",
        StringComparison.Ordinal).Replace("\"maxRevocationsPerRun\": 10", "\"maxRevocationsPerRun\": 100", StringComparison.Ordinal);

    private static string Offboarding(string id, DateTimeOffset at, DateTimeOffset effective, string? successor) =>
        $$$"""{"specversion":"1.0","id":"{{{id}}}","source":"urn:hr","type":"identity.offboarded","time":"{{{Events.Time(at)}}}","data":{"personId":"{{{Person}}}","effectiveAt":"{{{Events.Time(effective)}}}"{{{(successor is null ? "" : $",\"successor\":\"{successor}\"")}}}}}""";

    [Fact]
    public async Task Offboard_FiftyTokensThreePolicies_RevokesOrReassignsEachAndRedeliveryChangesNothing()
    {
        Environment.SetEnvironmentVariable("PIPELINE_TEST_OAUTH_SECRET", "broker-secret");
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        var now = DateTimeOffset.UtcNow;
        var classes = new[] { "ci", "batch", "handover" };   // revoke, reassign-to-class-owner, reassign-to-successor
        var values = new Dictionary<string, string>();
        for (var i = 0; i < 50; i++)
        {
            var cls = classes[i % 3];
            var id = $"{cls}:{i}";
            values[id] = await oauth.GetClientCredentialsTokenAsync();
            var secretRef = await p.Get<LocalSecretStore>().PutAsync(values[id], CancellationToken.None);
            await p.DeliverAsync(Events.Issued($"iss-{i}", id, cls, Person, now.AddMinutes(-10), $$"""{"secretRef":"{{secretRef}}"}"""));
        }

        var result = await p.DeliverAsync(Offboarding("hr-1", now, now, "successor@contoso.com"), QueueNames.IdentityEvents);
        Assert.Equal(IntakeOutcome.Accepted, result.Outcome);
        await p.DrainRevocationsAsync();

        var store = p.Get<ITokenStore>();
        foreach (var (id, value) in values)
        {
            var token = (await store.TryGetAsync(id, CancellationToken.None))!;
            var history = await p.HistoryAsync(id);
            switch (id.Split(':')[0])
            {
                case "ci":
                    Assert.Equal(TokenStates.Revoked, token.State);
                    Assert.False(await oauth.IsActiveAsync(value));
                    Assert.Contains(history, e => e.Type == "revocation.requested" && e.Reason == Reasons.OwnerOffboarded);
                    break;
                default:
                    var expectedOwner = id.StartsWith("batch", StringComparison.Ordinal) ? "owner@x" : "successor@contoso.com";
                    Assert.Equal((TokenStates.Active, expectedOwner), (token.State, token.View.Owner));
                    Assert.True(await oauth.IsActiveAsync(value));
                    Assert.Contains(history, e => e.Type == EventTypes.TokenTransferred && e.EventSource == TokenFold.PipelineSource
                        && e.Decision == Decisions.Accepted && e.Reason!.StartsWith(Reasons.OwnerOffboarded, StringComparison.Ordinal));
                    break;
            }
        }
        Assert.Equal(17 + 17 + 16, values.Count);

        // The same event again, and a second HR event for the same person: nothing changes.
        var before = await StorageSnapshot.TakeAsync(p);
        await p.DeliverAsync(Offboarding("hr-1", now, now, "successor@contoso.com"), QueueNames.IdentityEvents);
        var second = await p.DeliverAsync(Offboarding("hr-2", now.AddMinutes(1), now.AddMinutes(1), "someone@else"), QueueNames.IdentityEvents);
        Assert.Equal(IntakeOutcome.Duplicate, second.Outcome);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(p));
    }

    [Fact]
    public async Task Offboard_FutureEffectiveAt_UntouchedBeforeHandledByTheSweepAfter()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile, clock);
        var t0 = clock.GetUtcNow();
        await p.DeliverAsync(Events.Issued("iss-r", "future:revoke", "batch", Person, t0.AddMinutes(-5)).Replace("\"batch\"", "\"handover\"", StringComparison.Ordinal));
        await p.DeliverAsync(Events.Issued("iss-c", "future:reassign", "batch", Person, t0.AddMinutes(-5)));

        // Effective in an hour, no successor: the handover class falls back to revocation.
        await p.DeliverAsync(Offboarding("hr-f", t0, t0.AddHours(1), null), QueueNames.IdentityEvents);
        Assert.Empty((await p.SweepAsync()).Items);
        foreach (var id in new[] { "future:revoke", "future:reassign" })
        {
            var token = (await p.Get<ITokenStore>().TryGetAsync(id, CancellationToken.None))!;
            Assert.Equal((TokenStates.Active, Person), (token.State, token.View.Owner));
        }

        clock.Advance(TimeSpan.FromMinutes(61));
        var report = await p.SweepAsync();

        Assert.Equal(2, report.Items.Count);
        var revoked = (await p.Get<ITokenStore>().TryGetAsync("future:revoke", CancellationToken.None))!;
        Assert.Equal((TokenStates.RevocationPending, Reasons.OwnerOffboarded), (revoked.State, revoked.Revocation.Reason));
        var reassigned = (await p.Get<ITokenStore>().TryGetAsync("future:reassign", CancellationToken.None))!;
        Assert.Equal((TokenStates.Active, "owner@x"), (reassigned.State, reassigned.View.Owner));
    }

    [Fact]
    public async Task Issue_ToOffboardedPerson_IsDueAtOnce()
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        var now = DateTimeOffset.UtcNow;
        await p.DeliverAsync(Offboarding("hr-early", now.AddHours(-1), now.AddHours(-1), null), QueueNames.IdentityEvents);
        await p.DeliverAsync(Events.Issued("late", "late:token", "ci", Person, now.AddMinutes(-1)));
        var item = Assert.Single((await p.SweepAsync()).Items);
        Assert.Equal(("late:token", "revoke"), (item.TokenId, item.Action));
        Assert.Contains(Reasons.OwnerOffboarded, item.Reasons);
    }

    [Fact]
    public async Task Issue_RacingTheOffboardingOnAnotherInstance_IsCaughtByTheNextSweep()
    {
        using var issuer = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        using var hr = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        var now = DateTimeOffset.UtcNow;
        // The issuing instance read the offboarded people just before the person left: its cache is stale for 30 s.
        Assert.Empty(await issuer.Get<IPeopleStore>().GetOffboardedAsync(CancellationToken.None));
        await hr.DeliverAsync(Offboarding("hr-race", now, now, null), QueueNames.IdentityEvents);
        await issuer.DeliverAsync(Events.Issued("race", "race:token", "ci", Person, now.AddSeconds(1)));
        Assert.Equal(TokenStates.Active, (await issuer.Get<ITokenStore>().TryGetAsync("race:token", CancellationToken.None))!.State);

        await hr.SweepAsync();

        var token = (await hr.Get<ITokenStore>().TryGetAsync("race:token", CancellationToken.None))!;
        Assert.Equal((TokenStates.RevocationPending, Reasons.OwnerOffboarded), (token.State, token.Revocation.Reason));
    }

    [Fact]
    public async Task IssueAndOffboard_DeliveredConcurrently_EveryTokenHandledAfterTheSweep()
    {
        Environment.SetEnvironmentVariable("PIPELINE_TEST_OAUTH_SECRET", "broker-secret");
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        var now = DateTimeOffset.UtcNow;
        var values = new string[10];
        for (var i = 0; i < 10; i++)
        {
            var person = $"p{i}@contoso.com";
            values[i] = await oauth.GetClientCredentialsTokenAsync();
            var secretRef = await p.Get<LocalSecretStore>().PutAsync(values[i], CancellationToken.None);
            await Task.WhenAll(
                p.DeliverAsync(Events.Issued($"iss-{i}", $"conc:{i}", "ci", person, now.AddMinutes(-1), $$"""{"secretRef":"{{secretRef}}"}""")),
                p.DeliverAsync(Events.Offboarded($"hr-{i}", person, now), QueueNames.IdentityEvents));
        }
        // Whichever way the race went, the token is revoked: inline by the leaver's handler when the issuance was
        // recorded first, else requested by the sweep's recheck of recent offboardings.
        await p.SweepAsync();
        await p.DrainRevocationsAsync();
        for (var i = 0; i < 10; i++)
        {
            var token = (await p.Get<ITokenStore>().TryGetAsync($"conc:{i}", CancellationToken.None))!;
            Assert.Equal((TokenStates.Revoked, Reasons.OwnerOffboarded), (token.State, token.Revocation.Reason));
            Assert.False(await oauth.IsActiveAsync(values[i]));
        }
    }
}
