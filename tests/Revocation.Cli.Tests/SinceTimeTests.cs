using Revocation.Cli.Commands;

namespace Revocation.Cli.Tests;

public sealed class SinceTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 5, 14, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("today", "2026-11-05T00:00:00Z")]
    [InlineData("Yesterday", "2026-11-04T00:00:00Z")]
    [InlineData("24h", "2026-11-04T14:30:00Z")]
    [InlineData("-24h", "2026-11-04T14:30:00Z")]
    [InlineData("7d", "2026-10-29T14:30:00Z")]
    [InlineData("30m", "2026-11-05T14:00:00Z")]
    [InlineData("2w", "2026-10-22T14:30:00Z")]
    [InlineData("2026-11-01", "2026-11-01T00:00:00Z")]
    [InlineData("2026-11-01T08:00:00Z", "2026-11-01T08:00:00Z")]
    [InlineData("2026-11-01T08:00:00+02:00", "2026-11-01T06:00:00Z")]
    public void Parse_KnownForm_ReturnsTheInstant(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), SinceTime.Parse(text, Now));
    }

    [Theory]
    [InlineData("last week")]
    [InlineData("24")]
    [InlineData("2026-11-01T08:00:00")]
    [InlineData("11/01/2026")]
    public void Parse_UnknownForm_UsageErrorNamingTheForms(string text)
    {
        var e = Assert.Throws<UsageException>(() => SinceTime.Parse(text, Now, "--before"));
        Assert.Equal($"--before '{text}' is not a time: use {SinceTime.Forms}", e.Message);
    }
}
