using FsCheck.Xunit;
using Revocation.Core.Events;

namespace Revocation.Core.Tests;

public class EventParserTests
{
    private const string Valid = """
        {"specversion":"1.0","id":"e1","source":"urn:broker","type":"token.issued","time":"2026-11-28T10:00:00Z",
         "data":{"tokenId":"corp:1","class":"ci","owner":"alice","credential":{"handle":"k1"}}}
        """;

    [Fact]
    public void Parse_ValidIssuance_ReturnsEvent()
    {
        var result = EventParser.Parse(Valid);
        var issued = Assert.IsType<TokenIssued>(result.Event);
        Assert.Equal("corp:1", issued.TokenId);
        Assert.Equal(issued.Envelope.Time, issued.IssuedAt);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1,2]", "not a CloudEvent")]
    [InlineData("""{"id":"x"}""", "specversion is missing")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"s","type":"token.stolen","time":"2026-11-28T10:00:00Z","data":{}}""", "unknown type")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"s","type":"token.used","time":"yesterday","data":{"tokenId":"t"}}""", "$.time")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"s","type":"token.used","time":"2026-11-28T10:00:00Z","data":{}}""", "$.data.tokenId is required")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"s","type":"token.used","time":"2026-11-28T10:00:00Z","data":{"tokenId":"a\u0001b"}}""", "control characters")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"s","type":"token.issued","time":"2026-11-28T10:00:00Z","data":{"tokenId":"t","class":"c","credential":{"value":"s3cr3t"}}}""", "token values must not be sent")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"s","type":"token.issued","time":"2026-11-28T10:00:00Z","data":{"tokenId":"~system","class":"c","credential":{"handle":"h"}}}""", "$.data.tokenId must not start with '~'")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"s","type":"token.retired","time":"2026-11-28T10:00:00Z","data":{"tokenId":"~x"}}""", "reserved for the ledger's own chains")]
    public void Parse_Invalid_NamesTheProblem(string json, string expected)
    {
        var result = EventParser.Parse(json);
        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Rejection, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", result.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Oversize_IsRejected()
    {
        var result = EventParser.Parse(new string(' ', EventParser.MaxMessageBytes + 1));
        Assert.StartsWith("oversize", result.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InjectionLikeIds_AreAcceptedAsData()
    {
        var result = EventParser.Parse(Valid.Replace("corp:1", "a/b\\\\c#d?e'f", StringComparison.Ordinal));
        Assert.Equal("a/b\\c#d?e'f", Assert.IsType<TokenIssued>(result.Event).TokenId);
    }

    [Property(MaxTest = 500)]
    public bool Parse_RandomBytes_NeverThrowsAndRejectsWithOneShortLine(byte[] bytes)
    {
        var result = EventParser.Parse(bytes ?? []);
        return !result.IsValid && IsOneShortLine(result.Rejection);
    }

    /// <summary>A valid event with a few bytes changed: parsing never throws, and a rejection is one short line (the operator's view).</summary>
    [Property(MaxTest = 500)]
    public bool Parse_MutatedEvent_NeverThrowsAndRejectsWithOneShortLine(int seed)
    {
        var rng = new Random(seed);
        var bytes = System.Text.Encoding.UTF8.GetBytes(Valid);
        for (var i = rng.Next(1, 4); i > 0; i--) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
        var result = EventParser.Parse(bytes);
        return result.IsValid ? result.Rejection is null : IsOneShortLine(result.Rejection);
    }

    private static bool IsOneShortLine(string? reason) => reason is { Length: > 0 and <= 300 } r && !r.Contains('\n', StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"data":{"credential":{"value":"tok-123456","handle":"h"}}}""", "tok-123456")]
    [InlineData("""{"a":[{"Access_Token":"tok-abcdef"}]}""", "tok-abcdef")]
    [InlineData("raw eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefgh trailing", "eyJhbGciOiJIUzI1NiJ9")]
    public void Redact_SecretValues_AreRemovedAndTheRestKept(string body, string secret)
    {
        var redacted = SecretRedaction.Redact(body);
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(SecretRedaction.Mask, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_OrdinaryEvent_IsUnchanged() => Assert.Equal(Valid, SecretRedaction.Redact(Valid));
}
