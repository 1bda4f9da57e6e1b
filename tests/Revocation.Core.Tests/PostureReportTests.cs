using Revocation.Core.Events;
using Revocation.Core.Policy;
using Revocation.Core.Posture;
using Revocation.Core.Revocation;
using Revocation.Core.Tokens;

namespace Revocation.Core.Tests;

/// <summary>The report counts with the sweep's rules: one definition of "due" and "ownerless", owners as people compare.</summary>
public class PostureReportTests
{
    private static readonly PolicyDocument Policy = PolicyLoader.Parse("""
        {
          "providers": { "p": { "kind": "oauth2", "revocationEndpoint": "https://login.example.com/revoke", "clientId": "c", "clientSecretRef": "env:S" } },
          "classes": {
            "strict": { "owner": "owner@x", "provider": "p", "maxTtl": "P30D" },
            "lenient": { "owner": "owner@x", "provider": "p", "maxTtl": "P30D", "requireOwner": false }
          }
        }
        """);

    private static readonly Dictionary<string, DateTimeOffset> NoLeavers = new(PersonIds.Comparer);

    private static TokenRecord Token(string id, string cls, string? owner, DateTimeOffset issuedAt, IReadOnlyDictionary<string, DateTimeOffset>? leavers = null)
    {
        var issued = new TokenIssued(TestEvents.Env(id, EventTypes.TokenIssued, issuedAt), id, cls, owner, null, issuedAt, null, null, null, new CredentialReference("h", null));
        var inputs = TokenInputs.Empty.With(issued);
        var view = TokenFold.Derive(id, inputs, Policy, leavers ?? NoLeavers);
        return new TokenRecord { TokenId = id, Inputs = inputs, View = view };
    }

    [Fact]
    public void From_NullOwnerInAClassThatDoesNotRequireOne_IsNotOwnerless()
    {
        var now = TestEvents.T0;
        var report = PostureReport.From([Token("a", "strict", null, now), Token("b", "lenient", null, now)], Policy, NoLeavers, now);

        Assert.Equal([("lenient", 0), ("strict", 1)], report.ByClass.Select(r => (r.Name, r.Ownerless)));
    }

    [Fact]
    public void From_OwnersSpelledInDifferentCases_AreOneRow()
    {
        var now = TestEvents.T0;
        var report = PostureReport.From([Token("a", "strict", "Quinn@Fabrikam.com", now), Token("b", "strict", "quinn@fabrikam.com", now)], Policy, NoLeavers, now);

        var row = Assert.Single(report.ByOwner);
        Assert.Equal(2, row.Active);
    }

    [Fact]
    public void From_OwnerOffboardedSinceTheTokenWasWritten_IsDueSoonAsTheSweepWillSeeIt()
    {
        var now = TestEvents.T0;
        var token = Token("a", "strict", "lee@x", now.AddDays(-1));    // due by maxTtl in 29 days when written
        var leavers = new Dictionary<string, DateTimeOffset>(PersonIds.Comparer) { ["LEE@x"] = now.AddDays(1) };

        var before = PostureReport.From([token], Policy, NoLeavers, now);
        var after = PostureReport.From([token], Policy, leavers, now);

        Assert.Equal((0, 1), (before.ByClass[0].DueSoon, after.ByClass[0].DueSoon));
        Assert.Equal(1, after.DueNext30Days[1].Count);
    }
}
