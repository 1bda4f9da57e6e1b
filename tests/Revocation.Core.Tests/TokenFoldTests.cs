using FsCheck.Xunit;
using Revocation.Core.Events;
using Revocation.Core.Tokens;

namespace Revocation.Core.Tests;

public class TokenFoldTests
{
    private static readonly Dictionary<string, DateTimeOffset> Offboarded = new() { ["mallory"] = TestEvents.T0 };

    /// <summary>Random histories of one token: an issuance, transfers between a few people (some unauthorized), uses, a retirement.</summary>
    private static List<TokenEvent> History(Random rng)
    {
        var people = new[] { "alice", "bob", "carol", "mallory" };
        var events = new List<TokenEvent> { TestEvents.Issued("i1", TestEvents.T0.AddMinutes(rng.Next(0, 30))) };
        if (rng.Next(4) == 0) events.Add(TestEvents.Issued("i2", TestEvents.T0.AddMinutes(rng.Next(0, 30)), "bob"));
        for (var i = 0; i < rng.Next(0, 8); i++)
        {
            var at = TestEvents.T0.AddMinutes(rng.Next(0, 120));
            events.Add(rng.Next(3) switch
            {
                0 => TestEvents.Used($"u{i}", at),
                _ => TestEvents.Transfer($"t{i}", at, people[rng.Next(people.Length)], people[rng.Next(people.Length)], rng.Next(5) == 0 ? "urn:rogue" : "urn:partner"),
            });
        }
        if (rng.Next(3) == 0) events.Add(new TokenRetired(TestEvents.Env("r", EventTypes.TokenRetired, TestEvents.T0.AddMinutes(90)), "tok", "done"));
        return events;
    }

    private static TokenView Fold(IEnumerable<TokenEvent> events)
    {
        var inputs = events.Aggregate(TokenInputs.Empty, (acc, e) => acc.With(e));
        return TokenFold.Derive("tok", inputs, TestEvents.Policy(), Offboarded);
    }

    private static string Describe(TokenView v) =>
        $"{v.IsRegistered}|{v.Owner}|{v.LastUsedAt}|{v.ExpiresAt}|{v.Retired?.Envelope.Key}|{string.Join(",", v.TransferDecisions.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + "=" + k.Value))}";

    [Property(MaxTest = 200)]
    public bool Derive_AnyDeliveryOrder_GivesSameState(int seed)
    {
        var rng = new Random(seed);
        var history = History(rng);
        var expected = Describe(Fold(history));
        for (var i = 0; i < 5; i++)
        {
            var shuffled = history.OrderBy(_ => rng.Next()).ToList();
            // Redelivery: duplicates anywhere must not change the result either.
            if (shuffled.Count > 0) shuffled.Insert(rng.Next(shuffled.Count), shuffled[rng.Next(shuffled.Count)]);
            if (Describe(Fold(shuffled)) != expected) return false;
        }
        return true;
    }

    [Fact]
    public void Derive_TransferBeforeIssuance_StaysPendingThenApplies()
    {
        var transfer = TestEvents.Transfer("t", TestEvents.T0.AddMinutes(5), "alice", "bob");
        var pending = Fold([transfer]);
        Assert.False(pending.IsRegistered);
        Assert.Equal(Decisions.Pending, pending.TransferDecisions[transfer.Envelope.Key]);
        var applied = Fold([transfer, TestEvents.Issued("i", TestEvents.T0)]);
        Assert.Equal("bob", applied.Owner);
    }

    [Theory]
    [InlineData("urn:rogue", "alice", "bob", Reasons.SourceNotAllowed)]
    [InlineData("urn:partner", "carol", "bob", Reasons.FromOwnerMismatch)]
    [InlineData("urn:partner", "alice", "mallory", Reasons.ToOwnerOffboarded)]
    public void Derive_UnauthorizedTransfer_IsRejectedAndOwnerUnchanged(string source, string from, string to, string reason)
    {
        var transfer = TestEvents.Transfer("t", TestEvents.T0.AddMinutes(5), from, to, source);
        var view = Fold([TestEvents.Issued("i", TestEvents.T0), transfer]);
        Assert.Equal("alice", view.Owner);
        Assert.Equal($"{Decisions.Rejected}:{reason}", view.TransferDecisions[transfer.Envelope.Key]);
    }

    [Fact]
    public void Derive_ClassNotTransferable_RejectsTransfer()
    {
        var transfer = TestEvents.Transfer("t", TestEvents.T0.AddMinutes(5), "alice", "bob");
        var inputs = TokenInputs.Empty.With(TestEvents.Issued("i", TestEvents.T0)).With(transfer);
        var view = TokenFold.Derive("tok", inputs, TestEvents.Policy(transferable: false), Offboarded);
        Assert.Equal("alice", view.Owner);
        Assert.Equal($"{Decisions.Rejected}:{Reasons.ClassNotTransferable}", view.TransferDecisions[transfer.Envelope.Key]);
    }

    [Fact]
    public void Derive_ExpiryBeyondMaxTtl_IsClampedAndFlagged()
    {
        var issued = TestEvents.Issued("i", TestEvents.T0) with { ExpiresAt = TestEvents.T0.AddDays(30) };
        var view = Fold([issued]);
        Assert.Equal(TestEvents.T0.AddDays(1), view.ExpiresAt);
        Assert.Contains("ttl-clamped", view.Flags);
    }
}
