using System.Security.Cryptography;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Discovery;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;
using Revocation.Pipeline.Tests.Support;
using Revocation.Providers.Graph;
using Revocation.Providers.Tests.Support;
using Revocation.Testing;
using static Revocation.Providers.Tests.Support.GraphListingStandIn;

namespace Revocation.Pipeline.Tests;

/// <summary>
/// Issue 13's reconciliation end to end: the real Graph and GitHub listing and revocation adapters (composed by
/// AddRevocationProviders, as the Functions app does) over loopback stand-ins that speak the providers' shapes, the
/// ledger in Azurite, a fake clock for grace periods and Retry-After waits.
/// </summary>
public sealed class ReconcileHttpTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Apps = HttpStandIns.Applications;
    private const string Org = "contoso";
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");
    private readonly string _appKeyVar = $"REVOCATION_TEST_GH_APP_KEY_{Guid.NewGuid():N}";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2031, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly HttpStandIns _standIns = new();
    private readonly FakeTokenCredential _graphCredential = new();

    // The Azurite fixture is shared by the class: sweeps and gone lists also see other tests' tokens, so assertions look at ours.
    private readonly HashSet<string> _mine = new(StringComparer.Ordinal);

    private string Policy => $$"""
        {
          "providers": {
            "entra": { "kind": "graph", "baseAddress": "{{_standIns.Url}}", "timeout": "PT5M" },
            "gh": { "kind": "github", "baseAddress": "{{_standIns.Url}}", "organization": "{{Org}}", "appId": 31337,
                    "appPrivateKeyRef": "env:{{_appKeyVar}}", "installationId": {{HttpStandIns.InstallationId}}, "timeout": "PT5M" }
          },
          "classes": {
            "ci-deploy": { "owner": "ops@contoso.com", "provider": "entra", "maxTtl": "P90D", "idleTimeout": "P30D" },
            "entra-unclassified": { "owner": "sec@contoso.com", "provider": "entra", "idleTimeout": "P60D", "requireOwner": false },
            "gh-pats": { "owner": "ops@contoso.com", "provider": "gh", "idleTimeout": "P30D" },
            "gh-unclassified": { "owner": "sec@contoso.com", "provider": "gh", "idleTimeout": "P60D", "requireOwner": false }
          },
          "sweep": { "maxRevocationsPerRun": 10, "maxRevokedFraction": 1.0 },
          "discovery": { "providers": ["entra", "gh"],
            "rules": [ { "provider": "entra", "container": "*", "namePattern": "ci-*", "class": "ci-deploy" },
                       { "provider": "gh", "container": "{{Org}}", "namePattern": "*", "class": "gh-pats" } ],
            "unmatched": { "action": "revoke", "gracePeriod": "P7D", "classes": { "entra": "entra-unclassified", "gh": "gh-unclassified" } } }
        }
        """;

    private Pipeline Start()
    {
        using var rsa = RSA.Create(2048);
        Environment.SetEnvironmentVariable(_appKeyVar, rsa.ExportRSAPrivateKeyPem());
        return new(azurite.ConnectionString, Policy, _keyFile, _time,
            configure: s => s.AddKeyedSingleton<TokenCredential>(GraphRevocationProvider.CredentialKey, _graphCredential));
    }

    private DateTimeOffset DaysAgo(int days) => _time.GetUtcNow().AddDays(-days);

    /// <summary>A Graph application with one secret; returns (objectId, keyId, token id).</summary>
    private (string Object, string Key, string Id, string Json) App(string secretName, int createdDaysAgo, string owner = "ana@contoso.com")
    {
        var obj = Guid.NewGuid().ToString("D");
        var key = Guid.NewGuid().ToString("D");
        var id = ReconcileService.TokenIdFor("entra", $"applications/{obj}/passwordCredentials/{key}");
        _mine.Add(id);
        return (obj, key, id, HttpStandIns.App(obj, Guid.NewGuid().ToString("D"), "App " + secretName, owner, (key, secretName, DaysAgo(createdDaysAgo))));
    }

    private string Pat(long id)
    {
        var token = ReconcileService.TokenIdFor("gh", $"pat:{id}");
        _mine.Add(token);
        return token;
    }

    private List<SweepItem> Mine(SweepReport sweep) => [.. sweep.Items.Where(i => _mine.Contains(i.TokenId))];

    private static Task<ReconcileReport> RunAsync(Pipeline p, string provider) =>
        p.Get<ReconcileService>().RunAsync(provider, dryRun: false, CancellationToken.None);

    /// <summary>A reconcile whose listing meets a throttling answer: the fake clock moves once the stand-in has sent one.</summary>
    private Task<ReconcileReport> RunThroughThrottlingAsync(Pipeline p, string provider, int status) =>
        ClockDriver.RunAsync(_time, () => _standIns.Responses(status) > 0, () => RunAsync(p, provider));

    private static async Task<TokenRecord> GetAsync(Pipeline p, string id) => (await p.Get<ITokenStore>().TryGetAsync(id, CancellationToken.None))!;

    [Fact]
    public async Task ReconcileHttp_HandAddedSecretOnAThrottledSecondPage_IsDiscoveredClassifiedAndRevokedAtGraph()
    {
        using var p = Start();
        var fresh = App("ci-fresh", createdDaysAgo: 1);
        var handmade = App("ci-handmade", createdDaysAgo: 100);
        _standIns.Graph.Answer(Apps, null, 200, Page(_standIns.Graph.NextLink(Apps, "P2"), fresh.Json));
        _standIns.Graph.Answer(Apps, "P2", 429, Error("TooManyRequests"), "throttle", setState: "ok", headers: ("Retry-After", "30"));
        _standIns.Graph.Answer(Apps, "P2", 200, Page(null, handmade.Json), "throttle", whenState: "ok");
        _standIns.AnswerQuietRest(fresh.Object, handmade.Object);
        _standIns.AnswerRemovePassword(fresh.Object);
        _standIns.AnswerRemovePassword(handmade.Object);
        var start = _time.GetUtcNow();

        var report = (await RunThroughThrottlingAsync(p, "entra", 429)).Providers.Single();

        Assert.Null(report.Skipped);
        Assert.Equal(1, _standIns.Responses(429));
        Assert.True(_time.GetUtcNow() - start >= TimeSpan.FromSeconds(30), "the Retry-After wait ran on the fake clock");
        Assert.Equal(new[] { fresh.Id, handmade.Id }.Order(StringComparer.Ordinal), report.Discovered.Where(_mine.Contains).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(report.Unclassified, _mine.Contains);
        var token = await GetAsync(p, handmade.Id);
        Assert.Equal(("ci-deploy", "ana@contoso.com", TokenStates.Active), (token.View.Class, token.View.Owner, token.State));
        Assert.Contains(Reasons.Discovered, token.View.Flags);
        Assert.Equal("token.discovered", (await p.HistoryAsync(handmade.Id))[0].Type);

        var sweep = await p.SweepAsync();
        await p.DrainRevocationsAsync();

        Assert.Contains(Reasons.Expired, Assert.Single(Mine(sweep), i => i.TokenId == handmade.Id).Reasons);
        Assert.DoesNotContain(Mine(sweep), i => i.TokenId == fresh.Id);
        token = await GetAsync(p, handmade.Id);
        Assert.Equal((TokenStates.Revoked, Reasons.Expired), (token.State, token.Revocation.Reason));
        Assert.Contains(handmade.Key, Assert.Single(_standIns.RemovePasswordCalls(handmade.Object)), StringComparison.Ordinal);
        Assert.Empty(_standIns.RemovePasswordCalls(fresh.Object));
        Assert.Equal(TokenStates.Active, (await GetAsync(p, fresh.Id)).State);
        Assert.Contains(GraphRevocationProvider.ScopeFor(new Uri(_standIns.Url)), _graphCredential.Scopes);
    }

    /// <summary>The applications listed on one page (no federated credentials, no service principals), removePassword answering 204.</summary>
    private void ListOnOnePage(params (string Object, string Key, string Id, string Json)[] apps)
    {
        _standIns.Graph.Answer(Apps, null, 200, Page(null, [.. apps.Select(a => a.Json)]));
        _standIns.AnswerQuietRest([.. apps.Select(a => a.Object)]);
        foreach (var a in apps) _standIns.AnswerRemovePassword(a.Object);
    }

    [Fact]
    public async Task ReconcileHttp_UnmatchedSecret_IsFlaggedThenRevokedAtGraphAfterItsGracePeriod()
    {
        using var p = Start();
        var stray = App("someones-secret", createdDaysAgo: 1);
        ListOnOnePage(stray);

        var report = (await RunAsync(p, "entra")).Providers.Single();

        Assert.Null(report.Skipped);
        Assert.Contains(stray.Id, report.Unclassified);
        var token = await GetAsync(p, stray.Id);
        Assert.Equal(("entra-unclassified", TokenStates.Active), (token.View.Class, token.State));
        Assert.Contains(Reasons.Unclassified, token.View.Flags);
        Assert.Empty(Mine(await p.SweepAsync(SweepMode.DryRun)));

        _time.Advance(TimeSpan.FromDays(6));
        Assert.Empty(Mine(await p.SweepAsync()));
        await p.DrainRevocationsAsync();
        Assert.Empty(_standIns.RemovePasswordCalls(stray.Object));

        _time.Advance(TimeSpan.FromDays(2));
        var sweep = await p.SweepAsync();
        await p.DrainRevocationsAsync();

        Assert.Equal([Reasons.Unclassified], Assert.Single(Mine(sweep)).Reasons);
        Assert.Contains(stray.Key, Assert.Single(_standIns.RemovePasswordCalls(stray.Object)), StringComparison.Ordinal);
        token = await GetAsync(p, stray.Id);
        Assert.Equal((TokenStates.Revoked, Reasons.Unclassified), (token.State, token.Revocation.Reason));
    }

    [Theory]
    [InlineData(400, "page token expired again")]
    [InlineData(503, "HTTP 503")]
    public async Task ReconcileHttp_OutageMidListing_SkipsTheProviderAndChangesNothing(int status, string reason)
    {
        using var p = Start();
        var first = App("ci-one", createdDaysAgo: 1);
        var second = App("ci-two", createdDaysAgo: 1);
        _standIns.Graph.Answer(Apps, null, 200, Page(_standIns.Graph.NextLink(Apps, "P2"), first.Json));
        _standIns.Graph.Answer(Apps, "P2", 200, Page(null, second.Json));
        _standIns.AnswerQuietRest(first.Object, second.Object);
        Assert.Null((await RunAsync(p, "entra")).Providers.Single().Skipped);
        Assert.Equal(TokenStates.Active, (await GetAsync(p, second.Id)).State);

        // Page 2 now fails for good: an expired page token on every read (the restart meets it again), or 503 with Retry-After.
        _standIns.Server.ResetMappings();
        var newcomer = App("ci-newcomer", createdDaysAgo: 1);
        _standIns.Graph.Answer(Apps, null, 200, Page(_standIns.Graph.NextLink(Apps, "P2"), first.Json, newcomer.Json));
        _standIns.Graph.Answer(Apps, "P2", status, Error(status == 400 ? "Directory_ExpiredPageToken" : "ServiceUnavailable"), headers: ("Retry-After", "30"));
        _standIns.AnswerQuietRest(first.Object, second.Object, newcomer.Object);
        var before = await StorageSnapshot.TakeAsync(p);
        var failuresBefore = _standIns.Responses(status);

        var report = (await RunThroughThrottlingAsync(p, "entra", status)).Providers.Single();

        Assert.True(_standIns.Responses(status) > failuresBefore, "the stand-in answered the outage");
        Assert.Contains(reason, report.Skipped, StringComparison.Ordinal);
        Assert.Null(report.Listed);
        Assert.Empty(report.Gone);
        Assert.Empty(report.Discovered);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(p));
        Assert.Equal(TokenStates.Active, (await GetAsync(p, second.Id)).State);
        Assert.Null(await p.Get<ITokenStore>().TryGetAsync(newcomer.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ReconcileHttp_SameInventoryTwice_WritesNothingTheSecondTime()
    {
        using var p = Start();
        var classified = App("ci-steady", createdDaysAgo: 3);
        var stray = App("stray", createdDaysAgo: 3, owner: "bo@contoso.com");
        ListOnOnePage(classified, stray);
        var first = (await RunAsync(p, "entra")).Providers.Single();
        Assert.Equal(new[] { classified.Id, stray.Id }.Order(StringComparer.Ordinal), first.Discovered.Where(_mine.Contains).Order(StringComparer.Ordinal));
        var before = await StorageSnapshot.TakeAsync(p);
        var listings = _standIns.Requests("/v1.0/applications");

        var again = (await RunAsync(p, "entra")).Providers.Single();

        Assert.Equal(listings + 1, _standIns.Requests("/v1.0/applications"));
        Assert.Equal(2, again.Listed);
        Assert.Null(again.Skipped);
        Assert.Empty(again.Discovered);
        Assert.Empty(again.Unclassified);
        Assert.Empty(again.Drift);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(p));
    }

    [Fact]
    public async Task ReconcileHttp_GitHubPatLastUse_MakesTheIdleTokenDueAndNotTheUsedOne()
    {
        using var p = Start();
        _standIns.AnswerGitHubMint(_time.GetUtcNow());
        var used = Pat(9001);
        var idle = Pat(9002);
        _standIns.AnswerGitHubPats(Org,
            (9001, "deploy-bot", "ana", DaysAgo(40), DaysAgo(2)),
            (9002, "old-laptop", "bo", DaysAgo(40), DaysAgo(35)));

        var report = (await RunAsync(p, "gh")).Providers.Single();

        Assert.Null(report.Skipped);
        Assert.Equal(new[] { used, idle }.Order(StringComparer.Ordinal), report.Discovered.Where(_mine.Contains).Order(StringComparer.Ordinal));
        var listing = Assert.Single(_standIns.Server.LogEntries, e => e.RequestMessage.Path == $"/orgs/{Org}/personal-access-tokens").RequestMessage;
        Assert.Equal("Bearer ghs_installation-token-for-tests", listing.Headers!["Authorization"].Single());
        Assert.Equal(1, _standIns.Requests($"/app/installations/{HttpStandIns.InstallationId}/access_tokens"));
        var token = await GetAsync(p, used);
        Assert.Equal(("gh-pats", "ana", DaysAgo(2)), (token.View.Class, token.View.Owner, token.View.LastUsedAt));

        var due = Mine(await p.SweepAsync(SweepMode.DryRun));

        Assert.Equal([(idle, Reasons.Idle)], due.Select(i => (i.TokenId, i.Reasons.Single())));
    }

    [Fact]
    public async Task ReconcileHttp_RevokedSecretStillListed_IsAZombieAndRemovedAgainAtGraph()
    {
        using var p = Start();
        var old = App("ci-old", createdDaysAgo: 100);
        ListOnOnePage(old);
        await RunAsync(p, "entra");
        await p.SweepAsync();
        await p.DrainRevocationsAsync();
        Assert.Equal(TokenStates.Revoked, (await GetAsync(p, old.Id)).State);
        Assert.Single(_standIns.RemovePasswordCalls(old.Object));

        // Graph answered 204 but still lists the secret.
        _time.Advance(TimeSpan.FromMinutes(5));
        var report = (await RunAsync(p, "entra")).Providers.Single();
        await p.DrainRevocationsAsync();

        Assert.Equal([old.Id], report.Zombies.Where(_mine.Contains));
        Assert.Equal(2, _standIns.RemovePasswordCalls(old.Object).Count);
        Assert.All(_standIns.RemovePasswordCalls(old.Object), body => Assert.Contains(old.Key, body, StringComparison.Ordinal));
        var history = await p.HistoryAsync(old.Id);
        Assert.Contains(history, e => e.Type == "reconcile.zombie" && e.Reason == Reasons.Zombie);
        Assert.Equal("revocation.confirmed", history[^1].Type);
        Assert.Equal(TokenStates.Revoked, (await GetAsync(p, old.Id)).State);
    }

    public void Dispose()
    {
        _standIns.Dispose();
        Environment.SetEnvironmentVariable(_appKeyVar, null);
        File.Delete(_keyFile);
    }
}
