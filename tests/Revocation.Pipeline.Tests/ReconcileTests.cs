using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Discovery;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>Issue 13's reconciliation over Azurite with a scripted listing: discovered, unclassified, zombie, drift, gone, reruns.</summary>
public sealed class ReconcileTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2031, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedInventory _inventory = new();
    private readonly ConfirmingGraphProvider _provider = new();

    private static string Policy(string unmatched) => $$"""
        {
          "providers": { "entra": { "kind": "graph" } },
          "classes": {
            "ci-deploy": { "owner": "ops@contoso.com", "provider": "entra", "maxTtl": "P90D", "idleTimeout": "P30D" },
            "entra-unclassified": { "owner": "sec@contoso.com", "provider": "entra", "idleTimeout": "P60D", "requireOwner": false }
          },
          "sweep": { "maxRevocationsPerRun": 10, "maxRevokedFraction": 1.0 },
          "discovery": { "providers": ["entra"],
            "rules": [ { "provider": "entra", "container": "*", "namePattern": "ci-*", "class": "ci-deploy" } ],
            "unmatched": {{unmatched}} }
        }
        """;

    private Pipeline Start(string unmatched = """{ "action": "revoke", "gracePeriod": "P7D", "classes": { "entra": "entra-unclassified" } }""") =>
        new(azurite.ConnectionString, Policy(unmatched), _keyFile, _time, _provider, _inventory);

    // The Azurite fixture is shared by the class: sweeps and gone lists also see other tests' tokens, so assertions look at ours.
    private readonly HashSet<string> _mine = new(StringComparer.Ordinal);

    private List<SweepItem> Mine(SweepReport sweep) => [.. sweep.Items.Where(i => _mine.Contains(i.TokenId))];

    private DiscoveredCredential Cred(string name, int createdDaysAgo = 1, int? lastUsedDaysAgo = null, string owner = "ana@contoso.com")
    {
        var c = new DiscoveredCredential
        {
        Handle = $"applications/{Guid.NewGuid():N}/passwordCredentials/{name}", CredentialKind = "password", DisplayName = name,
        Container = "app-1", Owner = owner, CreatedAt = _time.GetUtcNow().AddDays(-createdDaysAgo), ExpiresAt = _time.GetUtcNow().AddDays(300),
        LastUsedAt = lastUsedDaysAgo is { } d ? _time.GetUtcNow().AddDays(-d) : null,
        };
        _mine.Add(Id(c));
        return c;
    }

    private static string Id(DiscoveredCredential c) => ReconcileService.TokenIdFor("entra", c.Handle);

    private static Task<ReconcileReport> RunAsync(Pipeline p, bool dryRun = false) => p.Get<ReconcileService>().RunAsync(null, dryRun, CancellationToken.None);

    private static async Task<TokenRecord> GetAsync(Pipeline p, string id) => (await p.Get<ITokenStore>().TryGetAsync(id, CancellationToken.None))!;

    [Fact]
    public async Task Run_HostileListedCredentials_AreRefusedWithTheirReasonAndTheRestRecorded()
    {
        using var p = Start();
        var good = Cred("ci-good");
        var longHandle = Cred("ci-long") with { Handle = "applications/" + new string('x', 2_000) };
        var controlName = Cred("ci-ctl") with { DisplayName = "ci-\u0007bell" };
        _inventory.Credentials.AddRange([good, longHandle, controlName]);

        var report = (await RunAsync(p)).Providers.Single();

        Assert.Contains(Id(good), report.Discovered);
        Assert.Equal(2, report.Refused.Count);
        Assert.Contains(report.Refused, r => r.StartsWith("handle is longer than", StringComparison.Ordinal));
        Assert.Contains("displayName contains control characters", report.Refused);
        Assert.Null(await p.Get<ITokenStore>().TryGetAsync(Id(controlName), CancellationToken.None));
    }

    [Fact]
    public async Task Run_HandAddedCredentialPastMaxTtl_IsDiscoveredClassifiedAndRevokedBySweep()
    {
        using var p = Start();
        var cred = Cred("ci-deploy-prod", createdDaysAgo: 100);
        _inventory.Credentials.Add(cred);

        var report = await RunAsync(p);
        var token = await GetAsync(p, Id(cred));
        Assert.Equal([Id(cred)], report.Providers.Single().Discovered);
        Assert.Empty(report.Providers.Single().Unclassified);
        Assert.Equal(("ci-deploy", "ana@contoso.com", TokenStates.Active), (token.View.Class, token.View.Owner, token.State));
        Assert.Contains(Reasons.Discovered, token.View.Flags);
        Assert.Equal("token.discovered", (await p.HistoryAsync(Id(cred)))[0].Type);

        await p.SweepAsync();
        await p.DrainRevocationsAsync();
        token = await GetAsync(p, Id(cred));
        Assert.Equal((TokenStates.Revoked, Reasons.Expired), (token.State, token.Revocation.Reason));
        Assert.Equal(1, _provider.Calls);
    }

    [Fact]
    public async Task Run_UnmatchedCredential_IsFlaggedThenRevokedAfterItsGracePeriod()
    {
        using var p = Start();
        var cred = Cred("someones-secret");
        _inventory.Credentials.Add(cred);

        var report = await RunAsync(p);
        Assert.Equal([Id(cred)], report.Providers.Single().Unclassified);
        Assert.Contains(Reasons.Unclassified, (await GetAsync(p, Id(cred))).View.Flags);
        Assert.Empty(Mine(await p.SweepAsync(SweepMode.DryRun)));

        _time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var sweep = await p.SweepAsync();
        await p.DrainRevocationsAsync();
        Assert.Equal([Reasons.Unclassified], Mine(sweep).Single().Reasons);
        Assert.Equal(TokenStates.Revoked, (await GetAsync(p, Id(cred))).State);
    }

    [Fact]
    public async Task Run_UnmatchedWithFlagAction_IsNeverDueForBeingUnclassified()
    {
        using var p = Start("""{ "action": "flag", "classes": { "entra": "entra-unclassified" } }""");
        _inventory.Credentials.Add(Cred("someones-secret", lastUsedDaysAgo: 0));
        await RunAsync(p);
        _time.Advance(TimeSpan.FromDays(30));
        Assert.Empty(Mine(await p.SweepAsync(SweepMode.DryRun)));
    }

    [Fact]
    public async Task Run_RevokedCredentialStillListed_IsAZombieAndRevokedAgain()
    {
        using var p = Start();
        var cred = Cred("ci-old", createdDaysAgo: 100);
        _inventory.Credentials.Add(cred);
        await RunAsync(p);
        await p.SweepAsync();
        await p.DrainRevocationsAsync();
        Assert.Equal(TokenStates.Revoked, (await GetAsync(p, Id(cred))).State);

        _time.Advance(TimeSpan.FromMinutes(5));
        var report = await RunAsync(p);
        await p.DrainRevocationsAsync();

        Assert.Equal([Id(cred)], report.Providers.Single().Zombies);
        Assert.Equal(2, _provider.Calls);
        var history = await p.HistoryAsync(Id(cred));
        Assert.Contains(history, e => e.Type == "reconcile.zombie" && e.Reason == Reasons.Zombie);
        Assert.Equal("revocation.confirmed", history[^1].Type);
        Assert.Equal(TokenStates.Revoked, (await GetAsync(p, Id(cred))).State);
    }

    [Fact]
    public async Task Run_ProviderReportedLastUse_MovesTheIdleClock()
    {
        using var p = Start();
        var used = Cred("ci-used", createdDaysAgo: 40, lastUsedDaysAgo: 2);
        var idle = Cred("ci-idle", createdDaysAgo: 40, lastUsedDaysAgo: 35);
        _inventory.Credentials.AddRange([used, idle]);

        await RunAsync(p);

        var due = Mine(await p.SweepAsync(SweepMode.DryRun));
        Assert.Equal([(Id(idle), Reasons.Idle)], due.Select(i => (i.TokenId, i.Reasons.Single())));
        Assert.Equal(_time.GetUtcNow().AddDays(-2), (await GetAsync(p, Id(used))).View.LastUsedAt);
        Assert.Contains(await p.HistoryAsync(Id(used)), e => e.Type == "reconcile.drift" && e.Reason == "lastUsedAt");
    }

    [Fact]
    public async Task Run_SameInventoryTwice_WritesNothingTheSecondTime()
    {
        using var p = Start();
        var moved = Cred("ci-a", lastUsedDaysAgo: 0);
        _inventory.Credentials.AddRange([moved, Cred("stray")]);
        await RunAsync(p);
        _inventory.Credentials[0] = moved with { Owner = "bo@contoso.com" }; // owner drift, recorded once
        await RunAsync(p);
        var before = await StorageSnapshot.TakeAsync(p);

        var again = await RunAsync(p);

        Assert.Equal(before, await StorageSnapshot.TakeAsync(p));
        Assert.Empty(again.Providers.Single().Drift);
        Assert.Single(await p.HistoryAsync(Id(moved)), e => e.Type == "reconcile.drift" && e.Reason == "owner");
    }

    [Fact]
    public async Task Run_IncompleteListing_ChangesNothing_AndACompleteOneMarksTheVanishedGone()
    {
        using var p = Start();
        var cred = Cred("ci-b");
        _inventory.Credentials.Add(cred);
        await RunAsync(p);
        _inventory.Credentials.Clear();
        _inventory.Incomplete = true;
        var before = await StorageSnapshot.TakeAsync(p);

        var skipped = await RunAsync(p);

        Assert.Equal(before, await StorageSnapshot.TakeAsync(p));
        Assert.Contains("503", skipped.Providers.Single().Skipped, StringComparison.Ordinal);
        Assert.Equal(TokenStates.Active, (await GetAsync(p, Id(cred))).State);

        _inventory.Incomplete = false;
        var complete = await RunAsync(p);
        var token = await GetAsync(p, Id(cred));
        Assert.Contains(Id(cred), complete.Providers.Single().Gone);
        Assert.Equal((TokenStates.Revoked, Reasons.GoneAtProvider), (token.State, token.Revocation.Reason));
        Assert.Equal(0, _provider.Calls);
    }

    public void Dispose() => File.Delete(_keyFile);
}
