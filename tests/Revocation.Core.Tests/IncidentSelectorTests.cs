using Revocation.Core.Events;
using Revocation.Core.Incidents;
using Revocation.Core.Tokens;

namespace Revocation.Core.Tests;

/// <summary>A token's source (issuer, then the partner of each accepted transfer) and the selector's AND of dimensions.</summary>
public class IncidentSelectorTests
{
    private static TokenRecord Derive(params TokenEvent[] events)
    {
        var inputs = events.Aggregate(TokenInputs.Empty, (i, e) => i.With(e));
        return new TokenRecord { TokenId = "tok", Inputs = inputs, View = TokenFold.Derive("tok", inputs, TestEvents.Policy(), new Dictionary<string, DateTimeOffset>()) };
    }

    [Fact]
    public void Source_IsTheIssuer_ThenTheSourceOfEachAcceptedTransfer()
    {
        var issued = TestEvents.Issued("i", TestEvents.T0);
        Assert.Equal("urn:broker", Derive(issued).View.Source);
        Assert.Equal("urn:partner", Derive(issued, TestEvents.Transfer("t", TestEvents.T0.AddMinutes(1), "alice", "bob")).View.Source);
    }

    [Theory]
    [InlineData("urn:rogue", "alice")]       // source not allowed: rejected
    [InlineData("urn:partner", "mallory")]   // fromOwner is not the owner: rejected
    [InlineData(TokenFold.PipelineSource, "alice")] // the pipeline's reassignment moves ownership, not the credential
    public void Source_RejectedOrPipelineTransfer_KeepsTheIssuer(string source, string from)
    {
        var token = Derive(TestEvents.Issued("i", TestEvents.T0), TestEvents.Transfer("t", TestEvents.T0.AddMinutes(1), from, "bob", source));
        Assert.Equal("urn:broker", token.View.Source);
    }

    [Fact]
    public void SourcesOf_RowWrittenBeforeTheField_DerivesItFromTheInputs()
    {
        var token = Derive(TestEvents.Issued("i", TestEvents.T0), TestEvents.Transfer("t", TestEvents.T0.AddMinutes(1), "alice", "bob"));
        var old = token with { View = token.View with { Source = null } };
        Assert.Equal("urn:partner", TokenSources.Of(old));
    }

    [Fact]
    public void Matches_EveryGivenDimension_AndPersonIdsIgnoreCase()
    {
        var policy = TestEvents.Policy();
        var token = Derive(new TokenIssued(TestEvents.Env("i", EventTypes.TokenIssued, TestEvents.T0, "urn:partner:b"), "tok", "ci", "Alice@X", "spiffe://w/1",
            TestEvents.T0, null, "read:a write:b", null, new Revocation.CredentialReference("h", null)));

        Assert.True(new IncidentSelector { Source = "urn:partner:b", Owner = "alice@x", Holder = "SPIFFE://w/1", Class = "ci", Provider = "p", Scope = "write:b",
            IssuedBefore = TestEvents.T0.AddSeconds(1) }.Matches(token, policy));
        Assert.False(new IncidentSelector { Source = "urn:partner:B" }.Matches(token, policy)); // sources compare exactly
        Assert.False(new IncidentSelector { Source = "urn:partner:b", Scope = "write" }.Matches(token, policy)); // one whole scope value
        Assert.False(new IncidentSelector { Source = "urn:partner:b", IssuedBefore = TestEvents.T0 }.Matches(token, policy)); // strictly before
        Assert.False(new IncidentSelector { Source = "urn:partner:b", Provider = "other" }.Matches(token, policy));
    }

    [Fact]
    public void Check_EmptyOrOnlyNarrowingSelector_IsRefused()
    {
        var policy = TestEvents.Policy();
        Assert.StartsWith("a selector must name at least one of --class", IncidentSelectorCheck.Problem(new IncidentSelector(), policy, "--"), StringComparison.Ordinal);
        Assert.NotNull(IncidentSelectorCheck.Problem(new IncidentSelector { Scope = "read", IssuedBefore = TestEvents.T0 }, policy, "--"));
        Assert.Null(IncidentSelectorCheck.Problem(new IncidentSelector { Provider = "p" }, policy, "--"));
        Assert.Equal("--holder contains control characters", IncidentSelectorCheck.Problem(new IncidentSelector { Holder = "a\u0007b" }, policy, "--"));
    }
}
