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

    public void Dispose()
    {
        _standIns.Dispose();
        Environment.SetEnvironmentVariable(_appKeyVar, null);
        File.Delete(_keyFile);
    }
}
