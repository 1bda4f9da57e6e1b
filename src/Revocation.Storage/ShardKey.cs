using System.Globalization;
using System.Text;

namespace Revocation.Storage;

/// <summary>
/// The shard of a key (a token id, a person key, a message id): 32-bit FNV-1a of its UTF-8 bytes modulo the shard
/// count. Stable across processes, versions and machines (never <see cref="string.GetHashCode()"/>, which is
/// randomised per process), so every writer and reader of one key agrees on its partition.
/// </summary>
public static class ShardKey
{
    /// <summary>Separates a partition's base name from its shard: <c>people|07</c>. Sorts right before <c>}</c>.</summary>
    public const char Separator = '|';

    public static int Of(string key, int shards)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return (int)(hash % (uint)shards);
    }

    /// <summary>The partition of shard <paramref name="shard"/> of <paramref name="baseName"/>: <c>base|NN</c>.</summary>
    public static string Partition(string baseName, int shard) =>
        baseName + Separator + shard.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>
    /// A filter for every partition of <paramref name="baseName"/>: the unsharded one of earlier versions
    /// (<c>base</c>) and each shard (<c>base|NN</c>, whatever the count), and no other base name that merely starts
    /// with it (<c>token-events-poison</c> is not a shard of <c>token-events</c>).
    /// </summary>
    public static string AllPartitionsFilter(string baseName) =>
        Azure.Data.Tables.TableClient.CreateQueryFilter(
            $"PartitionKey eq {baseName} or (PartitionKey ge {baseName + Separator} and PartitionKey lt {baseName + '}'})");
}
