using System.ComponentModel.DataAnnotations;

namespace Revocation.Core.Incidents;

/// <summary>How incidents revoke and how their index is laid out (configuration section <c>Revocation:Incidents</c>).</summary>
public sealed class IncidentOptions
{
    public const string Section = "Revocation:Incidents";

    /// <summary>
    /// Shards per indexed value of the slice index (class, holder, source): one partner's issuances spread over this many
    /// partitions (Azure Tables serves about 2,000 entities/s per partition). Default 16, range 1–64. Raise it only: a
    /// reader reads shards 0..n-1, so rows written under a larger count are not found after lowering it (rebuild then).
    /// </summary>
    [Range(1, 64)]
    public int IndexShards { get; set; } = 16;

    /// <summary>
    /// How long an incident revokes inline (the first provider call made by the declaring process, as offboarding does)
    /// before it queues the rest on the revocations queue. Default 60 s, range 0–10 min; 0 queues everything.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan InlineBudget { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Tokens of one incident revoked at once (their state rows are read four times as many at once, up to 64). Default 16, range 1–64.</summary>
    [Range(1, 64)]
    public int MaxConcurrentTokens { get; set; } = 16;
}
