using Revocation.Providers.Http;

namespace Revocation.Providers.Tests.Providers;

public sealed class RetryAfterParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("120", 120)]
    [InlineData(" 7 ", 7)]
    [InlineData("Sat, 28 Nov 2026 10:02:00 GMT", 120)]
    [InlineData("Sat, 28 Nov 2026 09:00:00 GMT", 0)]
    [InlineData("99999999999999", 86400)]
    public void Parse_SecondsOrHttpDate_DelayFromNow(string value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfterParser.Parse(value, Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("soon")]
    public void Parse_Unreadable_Null(string? value) => Assert.Null(RetryAfterParser.Parse(value, Now));
}
