using System.Text;
using FsCheck.Xunit;
using Revocation.Core.Access;
using Revocation.Core.Events;
using Revocation.Core.Revocation;
using Revocation.Core.Tokens;

namespace Revocation.Core.Tests;

public class DecisionRulesTests
{
    private const string Holder = "spiffe://contoso.com/ci";
    private static readonly Dictionary<string, DateTimeOffset> NoLeavers = new(StringComparer.OrdinalIgnoreCase);

    private static TokenRecord Record(string? holder = Holder, string? scope = "a b", TokenRetired? retired = null, params TokenEvent[] more)
    {
        var issued = new TokenIssued(TestEvents.Env("i", EventTypes.TokenIssued, TestEvents.T0), "tok", "ci", "alice", holder, TestEvents.T0, null, scope,
            new Approval("chg-1", null), new CredentialReference("h", null));
        var inputs = more.Aggregate(TokenInputs.Empty.With(issued), (acc, e) => acc.With(e));
        if (retired is not null) inputs = inputs.With(retired);
        return new TokenRecord { TokenId = "tok", Inputs = inputs, View = TokenFold.Derive("tok", inputs, TestEvents.Policy(), NoLeavers) };
    }

    private static IReadOnlyList<string> Reasons(DecisionRequest request, TokenRecord? record, DateTimeOffset? at = null) =>
        DecisionRules.ReasonsAt(request, record, TestEvents.Policy(), NoLeavers, at ?? TestEvents.T0.AddMinutes(1));

    [Theory]
    [InlineData("a", "a b", true)]
    [InlineData("a b", "b a", true)]
    [InlineData("  b  ", "a b", true)]
    [InlineData("", "a b", true)]
    [InlineData("A", "a b", false)]
    [InlineData("a c", "a b", false)]
    [InlineData("a", null, false)]
    [InlineData("ab", "a b", false)]
    public void ScopeWithin_RequestedAgainstGranted_IsSubsetCompareExactly(string wanted, string? granted, bool within) =>
        Assert.Equal(within, DecisionRules.ScopeWithin(wanted, granted));

    [Fact]
    public void ReasonsAt_HolderDiffersOnlyInCase_HolderMismatch() =>
        Assert.Equal([DecisionReasons.HolderMismatch], Reasons(new DecisionRequest("tok", Holder.ToUpperInvariant()), Record()));

    [Fact]
    public void ReasonsAt_EverythingBound_Empty() =>
        Assert.Empty(Reasons(new DecisionRequest("tok", Holder, "b", "chg-1"), Record()));

    [Fact]
    public void ReasonsAt_SeveralProblems_AllInVocabularyOrder()
    {
        var retired = new TokenRetired(TestEvents.Env("r", EventTypes.TokenRetired, TestEvents.T0.AddSeconds(5)), "tok", "done");
        Assert.Equal([DecisionReasons.TaskEnded, DecisionReasons.HolderMismatch, DecisionReasons.ScopeExceeded, DecisionReasons.TaskMismatch],
            Reasons(new DecisionRequest("tok", "other", "c", "chg-2"), Record(retired: retired)));
    }

    [Fact]
    public void CacheFor_IdleTimeoutSoonerThanTheBound_EndsThere()
    {
        // Idle timeout PT6H from issuance: due at T0 + 6 h; 12 s before it, the answer may be kept 12 s, not 30.
        var at = TestEvents.T0.AddHours(6).AddSeconds(-12);
        Assert.Equal(TimeSpan.FromSeconds(12), DecisionRules.CacheFor(Record(), TestEvents.Policy(), NoLeavers, at, TimeSpan.FromSeconds(30), TimeSpan.Zero));
    }

    [Fact]
    public void CacheFor_CopyAgedTwentySeconds_TenLeftOfThirty() =>
        Assert.Equal(TimeSpan.FromSeconds(10),
            DecisionRules.CacheFor(Record(), TestEvents.Policy(), NoLeavers, TestEvents.T0.AddMinutes(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20)));

    /// <summary>The decision and the sweep never disagree: whenever the sweep finds a token due, a decision denies it.</summary>
    [Property(MaxTest = 300)]
    public bool ReasonsAt_AnyTimeAndUses_DeniedExactlyWhenTheSweepFindsItDue(int seed)
    {
        var rng = new Random(seed);
        var uses = Enumerable.Range(0, rng.Next(0, 4)).Select(i => (TokenEvent)TestEvents.Used($"u{i}", TestEvents.T0.AddHours(rng.Next(0, 30)))).ToArray();
        var record = Record(more: uses);
        var at = TestEvents.T0.AddMinutes(rng.Next(0, 60 * 30));
        var due = DueCalculator.ReasonsAt(record.View, TestEvents.Policy().FindClass("ci")!, NoLeavers, at);
        var reasons = Reasons(new DecisionRequest("tok", Holder), record, at);
        return due.Select(DecisionReasons.FromDue).SequenceEqual(reasons);
    }

    [Theory]
    [InlineData("""{"tokenId":"t","holder":"h","scope":"a b","task":"x","extra":[1]}""", null)]
    [InlineData("""{"tokenId":"t","holder":"h","scope":null,"task":null}""", null)]
    [InlineData("""{"tokenId":"t"}""", "$.holder")]
    [InlineData("""{"tokenId":"t","holder":"h","task":"  "}""", "$.task")]
    [InlineData("""[[[[[[[[[[]]]]]]]]]]""", "body")]
    [InlineData("nul", "body")]
    public void Parse_Body_RequestOrTheFieldAtFault(string body, string? field)
    {
        var (request, at, error) = DecisionRequestParser.Parse(Encoding.UTF8.GetBytes(body));
        Assert.Equal(field, at);
        Assert.Equal(field is null, request is not null);
        if (field is not null) Assert.False(string.IsNullOrEmpty(error));
    }
}
