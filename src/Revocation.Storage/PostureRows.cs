using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Revocation.Core.Posture;

namespace Revocation.Storage;

/// <summary>
/// Row layout of the <c>posture</c> table (docs/scale.md): partition = shard of the row key (<c>NN</c>); row key
/// <c>c|class|lane</c> for a class (each writer instance adds to its own lane, so a busy class is not one hot row)
/// or <c>o|ownerkey</c> for an owner; one Int64 column per count and <c>Due</c>, active tokens by due day as JSON.
/// </summary>
internal static class PostureRows
{
    private static readonly string[] Columns =
        ["Registered", "Active", "Ownerless", "RevocationPending", "Revoked", "Failed", "AccessRemoved", "Discovered", "Unclassified", "Zombies", "Transfers"];

    public static string RowKey(PostureGroup group, int lane) => group.Dimension == PostureDimension.Class
        ? $"c|{KeyEncoding.Encode(group.Key)}|{lane.ToString("D2", CultureInfo.InvariantCulture)}"
        : $"o|{KeyEncoding.Encode(group.Key)}";

    public static string Partition(string rowKey, int shards) =>
        ShardKey.Of(rowKey, shards).ToString("D2", CultureInfo.InvariantCulture);

    public static TableEntity ToEntity(string partition, string rowKey, PostureGroup group, PostureCounts counts)
    {
        var entity = new TableEntity(partition, rowKey)
        {
            ["Dimension"] = group.Dimension == PostureDimension.Class ? "class" : "owner",
            ["Key"] = group.Key,
            ["Name"] = group.Name,
            ["Due"] = JsonSerializer.Serialize(counts.DueByDay.ToDictionary(d => d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Value)),
        };
        var values = Values(counts);
        for (var i = 0; i < Columns.Length; i++) entity[Columns[i]] = values[i];
        return entity;
    }

    public static (PostureGroup Group, PostureCounts Counts) FromEntity(TableEntity t)
    {
        var dimension = t.GetString("Dimension") == "class" ? PostureDimension.Class : PostureDimension.Owner;
        var key = t.GetString("Key") ?? "";
        var counts = new PostureCounts();
        var values = Columns.Select(c => t.GetInt64(c) ?? 0).ToArray();
        (counts.Registered, counts.Active, counts.Ownerless, counts.RevocationPending, counts.Revoked, counts.Failed) =
            (values[0], values[1], values[2], values[3], values[4], values[5]);
        (counts.AccessRemoved, counts.Discovered, counts.Unclassified, counts.Zombies, counts.Transfers) = (values[6], values[7], values[8], values[9], values[10]);
        if (t.GetString("Due") is { Length: > 0 } json)
            foreach (var (day, n) in JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [])
                counts.DueByDay[DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture)] = n;
        return (new PostureGroup(dimension, key, t.GetString("Name") ?? key), counts);
    }

    private static long[] Values(PostureCounts c) =>
        [c.Registered, c.Active, c.Ownerless, c.RevocationPending, c.Revoked, c.Failed, c.AccessRemoved, c.Discovered, c.Unclassified, c.Zombies, c.Transfers];
}
