using Revocation.Core.Revocation;
using Revocation.Core.Tokens;
using Revocation.Secrets;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>End to end against a real RFC 7009 server (oidc-provider) and Azurite.</summary>
public sealed class OAuthRevocationTests(AzuriteFixture azurite, OAuthServerFixture oauth)
    : IClassFixture<AzuriteFixture>, IClassFixture<OAuthServerFixture>, IDisposable
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");

    [Fact]
    public async Task Pipeline_ExpiredIdleAndFresh_RevokesOnlyWhatIsDueAtTheServer()
    {
        Environment.SetEnvironmentVariable("PIPELINE_TEST_OAUTH_SECRET", "broker-secret");
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(oauth.RevocationEndpoint.ToString()), _keyFile);
        var now = DateTimeOffset.UtcNow;
        var values = new Dictionary<string, string>();
        var refs = new Dictionary<string, string>();
        var plan = new (string Id, string Class, DateTimeOffset IssuedAt)[]
        {
            ("e2e:expired", "ci", now.AddHours(-2)), ("e2e:idle", "batch", now.AddDays(-10)), ("e2e:fresh", "batch", now.AddMinutes(-5)),
        };
        foreach (var (id, cls, at) in plan)
        {
            values[id] = await oauth.GetClientCredentialsTokenAsync();
            var secretRef = refs[id] = await p.Get<LocalSecretStore>().PutAsync(values[id], CancellationToken.None);
            Assert.True(await oauth.IsActiveAsync(values[id]));
            await p.DeliverAsync(Events.Issued("iss-" + id, id, cls, "alice", at, $$"""{"secretRef":"{{secretRef}}"}"""));
        }

        var sweep = await p.SweepAsync();
        Assert.Equal(2, sweep.Revocations);
        await p.DrainRevocationsAsync();

        Assert.False(await oauth.IsActiveAsync(values["e2e:expired"]));
        Assert.False(await oauth.IsActiveAsync(values["e2e:idle"]));
        Assert.True(await oauth.IsActiveAsync(values["e2e:fresh"]));
        foreach (var (id, reason) in new[] { ("e2e:expired", Reasons.Expired), ("e2e:idle", Reasons.Idle) })
        {
            var history = await p.HistoryAsync(id);
            Assert.Contains(history, e => e.Type == "revocation.requested" && e.Reason == reason);
            Assert.Contains(history, e => e.Type == "revocation.confirmed" && e.Reason == reason);
        }

        // After a confirmed revocation the stored value is deleted; the live token's value stays.
        var store = p.Get<LocalSecretStore>();
        Assert.Null(await store.TryGetAsync(refs["e2e:expired"], CancellationToken.None));
        Assert.Null(await store.TryGetAsync(refs["e2e:idle"], CancellationToken.None));
        Assert.Equal(values["e2e:fresh"], await store.TryGetAsync(refs["e2e:fresh"], CancellationToken.None));

        // No token value anywhere we write: tables (state, ledger, indexes, encrypted local store) and queues.
        var stored = await p.EverythingStoredAsync();
        Assert.NotEmpty(stored);
        foreach (var value in values.Values) Assert.DoesNotContain(stored, s => s.Contains(value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pipeline_ProviderDown_EndsRevocationFailedNeverRevoked()
    {
        Environment.SetEnvironmentVariable("PIPELINE_TEST_OAUTH_SECRET", "broker-secret");
        // Port 9 (discard) refuses connections: every call fails as a passing error until attempts run out.
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy("http://127.0.0.1:9/revoke"), _keyFile);
        var value = await oauth.GetClientCredentialsTokenAsync();
        var secretRef = await p.Get<LocalSecretStore>().PutAsync(value, CancellationToken.None);
        await p.DeliverAsync(Events.Issued("iss-down", "down:token", "ci", "alice", DateTimeOffset.UtcNow.AddHours(-2), $$"""{"secretRef":"{{secretRef}}"}"""));
        await p.SweepAsync();
        await p.DrainRevocationsAsync();

        var token = await p.Get<Core.Storage.ITokenStore>().TryGetAsync("down:token", CancellationToken.None);
        Assert.Equal(TokenStates.RevocationFailed, token!.State);
        Assert.False(string.IsNullOrEmpty(token.Revocation.LastError));
        Assert.True(await oauth.IsActiveAsync(value));
        Assert.Contains(await p.HistoryAsync("down:token"), e => e.Type == "revocation.failed");

        // The provider recovers (the policy points at the real server again): a break-glass revoke — what
        // `revctl revoke` does — goes through the same path and succeeds.
        using var recovered = new Pipeline(azurite.ConnectionString, Events.Policy(oauth.RevocationEndpoint.ToString()), _keyFile);
        Assert.True(await recovered.Get<RevocationRequester>().RequestAsync(
            "down:token", Reasons.Manual, "revctl: provider recovered", null, CancellationToken.None, allowFailed: true));
        await recovered.DrainRevocationsAsync();
        var after = await recovered.Get<Core.Storage.ITokenStore>().TryGetAsync("down:token", CancellationToken.None);
        // The token keeps the reason it was first revoked for; the re-request is its own ledger entry.
        Assert.Equal((TokenStates.Revoked, Reasons.Expired), (after!.State, after.Revocation.Reason));
        Assert.Equal([Reasons.Expired, Reasons.Manual], (await recovered.HistoryAsync("down:token")).Where(e => e.Type == "revocation.requested").Select(e => e.Reason));
        Assert.False(await oauth.IsActiveAsync(value));
    }

    public void Dispose() => File.Delete(_keyFile);
}
