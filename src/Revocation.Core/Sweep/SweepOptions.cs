using System.ComponentModel.DataAnnotations;

namespace Revocation.Core.Sweep;

/// <summary>Bounds of one sweep run (configuration section <c>Revocation:Sweep</c>); the blast-radius guard is in the policy file.</summary>
public sealed class SweepOptions
{
    public const string Section = "Revocation:Sweep";

    /// <summary>Due tokens examined per run; the rest waits for the next run. Default 100,000, range 1–1,000,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxItemsPerRun { get; set; } = 100_000;

    /// <summary>Due tokens acted on at once. Default 16 (one queue batch), range 1–64.</summary>
    [Range(1, 64)]
    public int MaxConcurrentTokens { get; set; } = 16;
}
