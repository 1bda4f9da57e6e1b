using FsCheck.Xunit;
using Revocation.Core.Ledger;

namespace Revocation.Core.Tests;

public class LedgerVerifierTests
{
    private static List<LedgerEntry> Chain(int length, Random rng)
    {
        var appender = new LedgerAppender("tok", 0, LedgerHasher.GenesisHash, TestEvents.T0);
        for (var i = 0; i < length; i++)
            appender.Append(rng.Next(2) == 0 ? "token.used" : "token.transferred", "accepted", rng.Next(3) == 0 ? null : $"r{rng.Next(100)}",
                TestEvents.T0.AddSeconds(i), $"{{\"n\":{rng.Next()}}}", "urn:src", $"e{i}");
        return [.. appender.Entries];
    }

    [Fact]
    public void Verify_IntactChain_HasNoProblems()
    {
        var chain = Chain(10, new Random(1));
        var result = LedgerVerifier.Verify("tok", chain, chain[^1].Seq, chain[^1].Hash);
        Assert.True(result.IsIntact, string.Join("; ", result.Problems));
        Assert.Equal(10, result.Entries);
    }

    /// <summary>Any single modification, deletion, insertion or swap is detected.</summary>
    [Property(MaxTest = 300)]
    public bool Verify_AnySingleTampering_IsDetected(int seed)
    {
        var rng = new Random(seed);
        var chain = Chain(rng.Next(1, 12), rng);
        var (headSeq, headHash) = (chain[^1].Seq, chain[^1].Hash);
        var i = rng.Next(chain.Count);
        switch (rng.Next(5))
        {
            case 0: chain[i] = chain[i] with { Reason = (chain[i].Reason ?? "") + "x" }; break;
            case 1: chain[i] = chain[i] with { OccurredAt = chain[i].OccurredAt.AddTicks(1) }; break;
            case 2: chain.RemoveAt(i); break;
            case 3:
                var forged = LedgerHasher.Seal(chain[i] with { Type = "token.transferred", Data = "{\"toOwner\":\"mallory\"}" });
                chain.Insert(i, forged);
                break;
            default:
                if (chain.Count < 2) chain[i] = chain[i] with { Decision = "rejected" };
                else { var j = (i + 1) % chain.Count; (chain[i], chain[j]) = (chain[j], chain[i]); }
                break;
        }
        return !LedgerVerifier.Verify("tok", chain, headSeq, headHash).IsIntact;
    }

    [Fact]
    public void Canonical_EscapesControlCharactersAndQuotes()
    {
        var e = new LedgerEntry
        {
            Chain = "a\"b", Seq = 1, Type = "t", OccurredAt = TestEvents.T0, RecordedAt = TestEvents.T0, Decision = "d",
            Reason = "x\ny\\", PrevHash = LedgerHasher.GenesisHash,
        };
        var text = LedgerHasher.Canonical(e);
        Assert.StartsWith("{\"chain\":\"a\\\"b\",\"data\":\"{}\",\"decision\":\"d\",\"eventId\":null,", text, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"x\\u000ay\\\\\"", text, StringComparison.Ordinal);
        Assert.Contains("\"occurredAt\":\"2026-11-28T10:00:00.0000000Z\"", text, StringComparison.Ordinal);
    }
}
