using System.ComponentModel.DataAnnotations;

namespace Revocation.Core.Access;

/// <summary>Request-time decisions (configuration section <c>Revocation:Decisions</c>; docs/decisions.md).</summary>
public sealed class DecisionOptions
{
    public const string Section = "Revocation:Decisions";

    /// <summary>
    /// How long an instance serves a token's record from memory before it reads storage again: the bound on how stale a
    /// decision can be about a change made through another instance (a change through this instance updates the entry at
    /// once). Also the most an answer's <c>cacheFor</c> can be. Default 30 s, range 0–5 min; 0 reads storage on every decision.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Token records kept in memory; past it the cache starts over (a flood of unknown ids cannot grow it). Default 100,000, range 1–10,000,000.</summary>
    [Range(1, 10_000_000)]
    public int MaxCachedTokens { get; set; } = 100_000;

    /// <summary>
    /// How often the uses (allowed decisions) and denials collected in memory are written: at most one <c>token.used</c> per
    /// token and one denial row per (token, reason) per interval, plus one at shutdown. Default 1 min, range 1 s–1 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan UsageWriteInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Distinct (token, reason) pairs of denials kept per interval; the rest are counted in one overflow row, so denials of
    /// made-up token ids cannot create unbounded rows. Denials of unknown ids are always one row per interval. Default 10,000, range 1–1,000,000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxDenialKeysPerInterval { get; set; } = 10_000;
}
