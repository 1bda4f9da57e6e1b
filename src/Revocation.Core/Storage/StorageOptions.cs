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
    /// active-token count, rejected messages (per queue) and the posture aggregates. Default 8 (1,000 events/s put
    /// 125 entities/s on each due-index partition, 1/16 of a partition's target; docs/scale.md), range 1–64. More
    /// shards spread further but group fewer concurrent writes into one transaction. Readers read every shard whatever the count (and the unsharded layout of earlier versions), so
    /// the count can be changed on a running deployment; 1 keeps one partition per path (a small estate).
    /// </summary>
    [Range(1, 64)]
    public int Shards { get; set; } = 8;
}
