using System.Net;
using System.Text.Json.Nodes;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;
using Revocation.Secrets;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests.Signals;

/// <summary>
/// Signed SETs over HTTP into the same intake, end to end: a real signing transmitter (its JWKS on loopback), Kestrel
/// serving POST /api/signals, Azurite, and the real OAuth server for the revocations.
/// </summary>
public sealed class SignalIntakeTests(OAuthServerFixture oauth) : IClassFixture<OAuthServerFixture>, IAsyncLifetime
{
    private SignalStand _stand = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PIPELINE_TEST_OAUTH_SECRET", "broker-secret");
        _stand = await SignalStand.StartAsync(Events.Policy(oauth.RevocationEndpoint.ToString()));
    }

    public async Task DisposeAsync() => await _stand.DisposeAsync();

    private static JsonObject Transfer(string tokenId, string from, string to) =>
        new() { ["tokenId"] = tokenId, ["fromOwner"] = from, ["toOwner"] = to, ["reason"] = "partner handover" };

    private async Task<string> IssueWithSecretAsync(string tokenId, string cls, string owner)
    {
        var value = await oauth.GetClientCredentialsTokenAsync();
        var secretRef = await _stand.Pipeline.Get<LocalSecretStore>().PutAsync(value, CancellationToken.None);
        await _stand.Pipeline.DeliverAsync(Events.Issued("iss-" + tokenId, tokenId, cls, owner, DateTimeOffset.UtcNow.AddMinutes(-5),
            $$"""{"secretRef":"{{secretRef}}"}"""));
        return value;
    }

    [Fact]
    public async Task Transfer_SignedByPartner_IsAppliedAndAReplayIsRecordedOnce()
    {
        await _stand.Pipeline.DeliverAsync(Events.Issued("iss-1", "corp:batch-1", "batch", "carol@contoso.com", DateTimeOffset.UtcNow.AddMinutes(-5)));
        var set = _stand.Partner.Sign(_stand.Partner.Claims("set-xfer-1", SetEventTypes.OwnPrefix + "token.transferred",
            Transfer("corp:batch-1", "carol@contoso.com", "dave@contoso.com")));

        using var first = await _stand.PostAsync(set);
        using var replay = await _stand.PostAsync(set);
        var results = await _stand.DrainIntakeAsync();

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, replay.StatusCode));
        Assert.Equal([IntakeOutcome.Accepted, IntakeOutcome.Duplicate], results.Select(r => r.Outcome));
        var token = (await _stand.Pipeline.Get<ITokenStore>().TryGetAsync("corp:batch-1", CancellationToken.None))!;
        Assert.Equal("dave@contoso.com", token.View.Owner);
        var transfers = (await _stand.Pipeline.HistoryAsync("corp:batch-1")).Where(e => e.Type == EventTypes.TokenTransferred).ToList();
        var entry = Assert.Single(transfers);
        Assert.Equal(("urn:partner", "set-xfer-1", Decisions.Accepted), (entry.EventSource, entry.EventId, entry.Decision));
    }

    [Fact]
    public async Task Transfer_OfAClassThePartnerMayNotMove_IsRecordedRejected()
    {
        await _stand.Pipeline.DeliverAsync(Events.Issued("iss-2", "corp:ci-1", "ci", "carol@contoso.com", DateTimeOffset.UtcNow.AddMinutes(-5)));
        var set = _stand.Partner.Sign(_stand.Partner.Claims("set-xfer-2", SetEventTypes.OwnPrefix + "token.transferred",
            Transfer("corp:ci-1", "carol@contoso.com", "mallory@acme.example")));

        using var response = await _stand.PostAsync(set);
        var results = await _stand.DrainIntakeAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(IntakeOutcome.Rejected, Assert.Single(results).Outcome);
        var token = (await _stand.Pipeline.Get<ITokenStore>().TryGetAsync("corp:ci-1", CancellationToken.None))!;
        Assert.Equal("carol@contoso.com", token.View.Owner);
        var entry = Assert.Single(await _stand.Pipeline.HistoryAsync("corp:ci-1"), e => e.Type == EventTypes.TokenTransferred);
        Assert.Equal((Decisions.Rejected, Reasons.ClassNotTransferable), (entry.Decision, entry.Reason));
    }

    [Fact]
    public async Task RiscAccountDisabled_OffboardsThePersonAndRevokesAtTheOAuthServer()
    {
        var value = await IssueWithSecretAsync("corp:ci-leaver", "ci", "leaver@contoso.com");
        var set = _stand.Partner.Sign(_stand.Partner.Claims("set-risc-1", SetEventTypes.RiscAccountDisabled, new JsonObject { ["reason"] = "hijacking" },
            subId: new JsonObject { ["format"] = "email", ["email"] = "Leaver@Contoso.com" }));

        using var response = await _stand.PostAsync(set);
        var results = await _stand.DrainIntakeAsync();
        await _stand.Pipeline.DrainRevocationsAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(IntakeOutcome.Accepted, Assert.Single(results).Outcome);
        var token = (await _stand.Pipeline.Get<ITokenStore>().TryGetAsync("corp:ci-leaver", CancellationToken.None))!;
        Assert.Equal(TokenStates.Revoked, token.State);
        Assert.Contains(await _stand.Pipeline.HistoryAsync("corp:ci-leaver"), e => e.Type == "revocation.requested" && e.Reason == Reasons.OwnerOffboarded);
        Assert.False(await oauth.IsActiveAsync(value));
    }

    [Fact]
    public async Task RiscCredentialCompromise_RevokesThatCredentialWithReasonCompromised()
    {
        var value = await IssueWithSecretAsync("corp:batch-leak", "batch", "carol@contoso.com");
        var other = await IssueWithSecretAsync("corp:batch-other", "batch", "carol@contoso.com");
        var set = _stand.Partner.Sign(_stand.Partner.Claims("set-cmp-1", SetEventTypes.RiscCredentialCompromise,
            new JsonObject { ["credential_type"] = "api-key", ["reason_admin"] = new JsonObject { ["en"] = "found in a paste" } },
            subId: new JsonObject { ["format"] = "opaque", ["id"] = "corp:batch-leak" }));

        using var response = await _stand.PostAsync(set);
        await _stand.DrainIntakeAsync();
        await _stand.Pipeline.DrainRevocationsAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var token = (await _stand.Pipeline.Get<ITokenStore>().TryGetAsync("corp:batch-leak", CancellationToken.None))!;
        Assert.Equal((TokenStates.Revoked, Reasons.Compromised), (token.State, token.Revocation.Reason));
        var history = await _stand.Pipeline.HistoryAsync("corp:batch-leak");
        Assert.Contains(history, e => e.Type == EventTypes.TokenCompromised && e.EventSource == "urn:partner" && e.Data.Contains("found in a paste", StringComparison.Ordinal));
        Assert.False(await oauth.IsActiveAsync(value));
        Assert.True(await oauth.IsActiveAsync(other));
    }

    [Fact]
    public async Task CaepCredentialChange_IsRecordedInTheTokensChainAndChangesNoState()
    {
        await _stand.Pipeline.DeliverAsync(Events.Issued("iss-3", "corp:batch-2", "batch", "carol@contoso.com", DateTimeOffset.UtcNow.AddMinutes(-5)));
        var set = _stand.Partner.Sign(_stand.Partner.Claims("set-caep-1", SetEventTypes.CaepCredentialChange,
            new JsonObject { ["credential_type"] = "x509", ["change_type"] = "update" },
            subId: new JsonObject { ["format"] = "opaque", ["id"] = "corp:batch-2" }));

        using var response = await _stand.PostAsync(set);
        var result = Assert.Single(await _stand.DrainIntakeAsync());

        Assert.Equal((HttpStatusCode.Accepted, IntakeOutcome.Accepted), (response.StatusCode, result.Outcome));
        var entry = Assert.Single(await _stand.Pipeline.HistoryAsync("corp:batch-2"), e => e.Type == EventTypes.TokenCredentialChanged);
        Assert.Contains("\"changeType\":\"update\"", entry.Data, StringComparison.Ordinal);
        var token = (await _stand.Pipeline.Get<ITokenStore>().TryGetAsync("corp:batch-2", CancellationToken.None))!;
        Assert.Equal(TokenStates.Active, token.State);
    }
}
