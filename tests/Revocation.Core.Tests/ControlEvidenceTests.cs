using Revocation.Core.Events;
using Revocation.Core.Evidence;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;
using Revocation.Core.Tokens;

namespace Revocation.Core.Tests;

/// <summary>The controls a report evidences, as a function of the token rows: each control passes, fails naming its tokens, or is not evidenced.</summary>
public class ControlEvidenceTests
{
    private static readonly PolicyDocument Policy = PolicyLoader.Parse("""
        {
          "providers": { "p": { "kind": "oauth2", "revocationEndpoint": "https://login.example.com/revoke", "clientId": "c", "clientSecretRef": "env:S" } },
          "classes": {
            "short": { "owner": "owner@x", "provider": "p", "maxTtl": "P1D", "transfer": { "allowedSources": ["urn:partner:b"] } },
            "forever": { "owner": "owner@x", "provider": "p", "requireOwner": false }
          }
        }
        """);

    private static readonly DateTimeOffset Now = TestEvents.T0;

    private static TokenRecord Token(string id, string cls, string? owner, string source = "urn:broker", string state = TokenStates.Active, string? reason = null,
        IReadOnlyDictionary<string, DateTimeOffset>? leavers = null)
    {
        var issued = new TokenIssued(TestEvents.Env(id, EventTypes.TokenIssued, Now.AddHours(-1), source), id, cls, owner, null, Now.AddHours(-1), null, null, null,
            new CredentialReference("h", null));
        var inputs = TokenInputs.Empty.With(issued);
        return new TokenRecord
        {
            TokenId = id, Inputs = inputs, View = TokenFold.Derive(id, inputs, Policy, leavers ?? new Dictionary<string, DateTimeOffset>()),
            Revocation = state == TokenStates.Active ? RevocationStatus.None : new RevocationStatus { State = state, Reason = reason },
        };
    }

    private static Dictionary<string, ControlResult> Controls(IReadOnlyList<TokenRecord> tokens, IReadOnlyDictionary<string, DateTimeOffset>? leavers = null) =>
        ControlEvidence.From(tokens, Policy, leavers ?? new Dictionary<string, DateTimeOffset>(PersonIds.Comparer), Now).ToDictionary(c => c.Id);

    [Fact]
    public void From_CleanEstate_PassesWhatItEvidencesAndSaysWhatItCannot()
    {
        var c = Controls([Token("a", "short", "alice@x"), Token("b", "short", "bob@x")]);

        Assert.Equal(("passed", 2), (c["NHI1"].Status, c["NHI1"].Checked));
        Assert.Equal("passed", c["NHI7"].Status);
        Assert.Equal("passed", c["PR.AA"].Status);
        Assert.Equal("not-evidenced", c["NHI2"].Status); // nothing revoked by hand or for an incident
        Assert.Equal("not-evidenced", c["NHI3"].Status); // no partner token
    }

    [Fact]
    public void From_Findings_FailTheirControlsNamingTheTokens()
    {
        var leavers = new Dictionary<string, DateTimeOffset>(PersonIds.Comparer) { ["LEFT@x"] = Now.AddMinutes(-5) };
        var tokens = new[]
        {
            Token("leaver", "short", "left@x", leavers: leavers),
            Token("forever", "forever", null),
            Token("partner-ok", "short", "alice@x", source: "urn:partner:b"),
            Token("partner-forever", "forever", "alice@x", source: "urn:partner:b"),
            Token("leak-failed", "short", "alice@x", state: TokenStates.RevocationFailed, reason: "leaked in CI"),
            Token("leak-done", "short", "alice@x", state: TokenStates.Revoked, reason: "leaked in CI"),
            Token("expired-done", "short", "alice@x", state: TokenStates.Revoked, reason: Reasons.Expired),
        };

        var c = Controls(tokens, leavers);

        Assert.Equal(["leaver"], c["NHI1"].Failing);
        Assert.Equal((2, 1), (c["NHI2"].Checked, c["NHI2"].FailingCount));
        Assert.Equal(["leak-failed"], c["NHI2"].Failing);
        Assert.Equal((2, 1), (c["NHI3"].Checked, c["NHI3"].FailingCount));
        Assert.Equal(["partner-forever"], c["NHI3"].Failing);
        Assert.Equal(["forever", "leak-failed", "partner-forever"], c["NHI7"].Failing);
        Assert.Equal(["forever"], c["PR.AA"].Failing);
        Assert.All(c.Values.Where(v => v.FailingCount > 0), v => Assert.Equal("failed", v.Status));
    }
}
