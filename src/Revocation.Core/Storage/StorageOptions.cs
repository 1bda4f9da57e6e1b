using System.ComponentModel.DataAnnotations;

namespace Revocation.Core.Storage;

/// <summary>
/// How the tables spread their writes (configuration section <c>Revocation:Storage</c>; docs/scale.md). Cross-field
/// rules: <see cref="StorageOptionsValidator"/>.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Revocation:Storage";

    /// <summary>
    /// Partitions each concentrated write path is spread over: the due index (per due hour), offboarded people, the
    /// active-token count, rejected messages (per queue) and the class rows of the posture aggregates. Default 16,
    /// range 1–64. Readers read every shard whatever the count (and the unsharded layout of earlier versions), so
    /// the count can be changed on a running deployment; 1 keeps one partition per path (a small estate).
    /// </summary>
    [Range(1, 64)]
    public int Shards { get; set; } = 16;
}
