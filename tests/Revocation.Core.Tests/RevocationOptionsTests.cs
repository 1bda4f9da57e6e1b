using Revocation.Core.Revocation;

namespace Revocation.Core.Tests;

public class RevocationOptionsTests
{
    private static readonly RevocationOptions Options = new() { BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromMinutes(10) };

    [Theory]
    [InlineData(2, 5, 10)]
    [InlineData(3, 10, 20)]
    [InlineData(4, 20, 40)]
    public void DelayBefore_NoRetryAfter_DoublesWithJitterInTheUpperHalf(int attempt, int minSeconds, int maxSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(minSeconds), Options.DelayBefore(attempt, null, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(maxSeconds), Options.DelayBefore(attempt, null, jitter: 1));
        Assert.InRange(Options.DelayBefore(attempt, null, jitter: 0.5), TimeSpan.FromSeconds(minSeconds), TimeSpan.FromSeconds(maxSeconds));
    }

    [Fact]
    public void DelayBefore_ProviderRetryAfter_WinsWithinBounds()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), Options.DelayBefore(2, TimeSpan.FromSeconds(90), jitter: 1));
        Assert.Equal(TimeSpan.FromMinutes(10), Options.DelayBefore(2, TimeSpan.FromHours(3), jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(1), Options.DelayBefore(2, TimeSpan.Zero, jitter: 0));
    }

    [Fact]
    public void DelayBefore_ManyAttempts_CappedAtMaxDelay() =>
        Assert.Equal(TimeSpan.FromMinutes(10), Options.DelayBefore(30, null, jitter: 1));
}
