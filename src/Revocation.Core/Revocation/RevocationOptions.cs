using System.ComponentModel.DataAnnotations;

namespace Revocation.Core.Revocation;

/// <summary>
/// Retry bounds of the revocation worker (configuration section <c>Revocation:Retry</c>). Cross-field rule
/// (<see cref="RevocationOptionsValidator"/>): <see cref="BaseDelay"/> ≤ <see cref="MaxDelay"/>.
/// </summary>
public sealed class RevocationOptions
{
    public const string Section = "Revocation:Retry";

    /// <summary>Provider calls per request before the token is <c>revocation-failed</c>. Default 5, range 1–20.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the second attempt; doubles each attempt, with jitter. Default 10 s, range 1 s–10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest delay between attempts, also the cap on a provider's Retry-After. Default 1 h, range 1 s–1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Lost requests (their messages poisoned or never delivered) the sweep re-queues before the token is given up as
    /// <c>revocation-failed</c> for an operator. Default 3, range 0–10.
    /// </summary>
    [Range(0, 10)]
    public int MaxRequeues { get; set; } = 3;

    /// <summary>Slack past <see cref="MaxDelay"/> for a host that is busy, restarting or scaling. Default 15 min, range 1 min–1 day.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan StallGrace { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A pending revocation that has not moved for this long has lost its queued request: every next attempt is
    /// due within <see cref="MaxDelay"/> (backoff and Retry-After are capped by it), plus <see cref="StallGrace"/>.
    /// </summary>
    public TimeSpan StalledAfter => MaxDelay + StallGrace;

    /// <summary>The delay before attempt <paramref name="nextAttempt"/> (≥ 2): the provider's Retry-After wins.</summary>
    public TimeSpan DelayBefore(int nextAttempt, TimeSpan? retryAfter, double jitter)
    {
        if (retryAfter is { } after) return after > MaxDelay ? MaxDelay : after < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : after;
        var exponential = BaseDelay * Math.Pow(2, Math.Min(nextAttempt - 2, 20));
        var jittered = exponential * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1)));
        return jittered > MaxDelay ? MaxDelay : jittered < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : jittered;
    }
}
