using System.ComponentModel.DataAnnotations;

namespace Revocation.Core.Offboarding;

/// <summary>How leavers are handled (configuration section <c>Revocation:Offboarding</c>). Cross-field rules: <see cref="OffboardingOptionsValidator"/>.</summary>
public sealed class OffboardingOptions
{
    public const string Section = "Revocation:Offboarding";

    /// <summary>
    /// How long a leaver event's handler revokes inline before it queues the rest (a very large estate or a slow
    /// provider then spreads over the revocations queue). Default 30 s, range 0–5 min; 0 queues everything.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan InlineBudget { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tokens of one person handled at once. Default 16 (one queue batch), range 1–64.</summary>
    [Range(1, 64)]
    public int MaxConcurrentTokens { get; set; } = 16;

    /// <summary>
    /// How stale the intake's view of offboarded people may be (a cache, so intake pays no read per event).
    /// Default 30 s, range 0–5 min; 0 reads the store on every event.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan PeopleCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after an offboarding the sweep re-reads the person's index, closing the race with an issuance that
    /// read a stale <see cref="PeopleCacheLifetime"/> view. Must exceed the cache lifetime and should cover two
    /// sweep runs. Default 15 min (three runs of the default five-minute schedule), range 1 min–1 day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RecheckWindow { get; set; } = TimeSpan.FromMinutes(15);
}
