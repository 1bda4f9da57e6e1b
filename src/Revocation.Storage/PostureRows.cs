using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Revocation.Core.Posture;

namespace Revocation.Storage;

/// <summary>
/// Row layout of the <c>posture</c> table (docs/scale.md): one row per <see cref="PostureCell"/>, row key
/// <c>ownerkey|class</c> in the partition of the owner's shard (<c>NN</c>: one owner's cells share a transaction);
/// tokens without an owner go to <c>(none)|class|lane</c> in the shard of that key, each writer instance in its own
/// lane (a busy class of owner-less tokens is not one hot row). One Int64 column per count and <c>Due</c>, active
/// tokens by due day as JSON.
/// </summary>
internal static class PostureRows
{
    private static readonly string[] Columns =
        ["Registered", "Active", "Ownerless", "RevocationPending", "Revoked", "Failed", "AccessRemoved", "Discovered", "Unclassified", "Zombies", "Transfers"];

    public static (string Partition, string RowKey) Keys(PostureCell cell, int lane, int shards)
    {
        var owner = KeyEncoding.Encode(cell.OwnerKey);
        var cls = KeyEncoding.Encode(cell.Class);
        if (cell.OwnerKey != PostureGroup.NoOwner) return (Shard(owner, shards), $"{owner}|{cls}");
        var rowKey = $"{owner}|{cls}|{lane.ToString("D2", CultureInfo.InvariantCulture)}";
        return (Shard(rowKey, shards), rowKey);
    }

    private static string Shard(string key, int shards) => ShardKey.Of(key, shards).ToString("D2", CultureInfo.InvariantCulture);

    public static TableEntity ToEntity(string partition, string rowKey, PostureCell cell, PostureCounts counts)
    {
        var entity = new TableEntity(partition, rowKey)
        {
            ["Class"] = cell.Class,
            ["OwnerKey"] = cell.OwnerKey,
            ["OwnerName"] = cell.OwnerName,
            ["Due"] = JsonSerializer.Serialize(counts.DueByDay.ToDictionary(d => d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Value)),
        };
        var values = Values(counts);
        for (var i = 0; i < Columns.Length; i++) entity[Columns[i]] = values[i];
        return entity;
    }

    public static (PostureCell Cell, PostureCounts Counts) FromEntity(TableEntity t)
    {
        var ownerKey = t.GetString("OwnerKey") ?? PostureGroup.NoOwner;
        var counts = new PostureCounts();
        var values = Columns.Select(c => t.GetInt64(c) ?? 0).ToArray();
        (counts.Registered, counts.Active, counts.Ownerless, counts.RevocationPending, counts.Revoked, counts.Failed) =
            (values[0], values[1], values[2], values[3], values[4], values[5]);
        (counts.AccessRemoved, counts.Discovered, counts.Unclassified, counts.Zombies, counts.Transfers) = (values[6], values[7], values[8], values[9], values[10]);
        if (t.GetString("Due") is { Length: > 0 } json)
            foreach (var (day, n) in JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [])
                counts.DueByDay[DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture)] = n;
        return (new PostureCell(t.GetString("Class") ?? PostureGroup.NoClass, ownerKey, t.GetString("OwnerName") ?? ownerKey), counts);
    }

    private static long[] Values(PostureCounts c) =>
        [c.Registered, c.Active, c.Ownerless, c.RevocationPending, c.Revoked, c.Failed, c.AccessRemoved, c.Discovered, c.Unclassified, c.Zombies, c.Transfers];
}
