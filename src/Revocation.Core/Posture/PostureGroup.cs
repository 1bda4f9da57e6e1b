using Revocation.Core.Tokens;

namespace Revocation.Core.Posture;

/// <summary>
/// A row of the posture report: a class (<see cref="Key"/> = the class name, <c>-</c> for none) or an owner
/// (<see cref="Key"/> = <see cref="PersonIds.Key"/> of the owner, <c>(none)</c> for none). <see cref="Name"/> is how
/// the report prints it: the owner's id as first recorded (ids compare case-insensitively, so one row per person).
/// </summary>
public sealed record PostureGroup(PostureDimension Dimension, string Key, string Name)
{
    public const string NoClass = "-";
    public const string NoOwner = "(none)";

    public static PostureGroup ForClass(string? cls) => new(PostureDimension.Class, cls ?? NoClass, cls ?? NoClass);

    public static PostureGroup ForOwner(string? owner) =>
        owner is null ? new(PostureDimension.Owner, NoOwner, NoOwner) : new(PostureDimension.Owner, PersonIds.Key(owner), owner);

    /// <summary>
    /// The row's printed name when <paramref name="a"/> and <paramref name="b"/> spell one group: the ordinal-first
    /// spelling, so the aggregates and a scan print the same name whatever order they met the spellings in.
    /// </summary>
    public static PostureGroup Named(PostureGroup a, PostureGroup b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.CompareOrdinal(a.Name, b.Name) <= 0 ? a : b;
    }

    /// <summary>
    /// Adds <paramref name="counts"/> to <paramref name="group"/>'s entry of <paramref name="totals"/>, keyed with
    /// <see cref="Named"/>'s spelling; <paramref name="keys"/> holds the same keys (a set returns the stored key).
    /// </summary>
    public static void AddTo(Dictionary<PostureGroup, PostureCounts> totals, HashSet<PostureGroup> keys, PostureGroup group, PostureCounts counts, int sign = 1)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(group);
        if (!keys.TryGetValue(group, out var known))
        {
            keys.Add(group);
            totals[group] = new PostureCounts();
            known = group;
        }
        var total = totals[known];
        if (Named(known, group) is var named && !ReferenceEquals(named, known))
        {
            totals.Remove(known);
            keys.Remove(known);
            totals[named] = total;
            keys.Add(named);
        }
        total.Add(counts, sign);
    }

    /// <summary>Groups are the same row when dimension and key match, whatever the spelling of the name.</summary>
    public bool Equals(PostureGroup? other) => other is not null && Dimension == other.Dimension && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Dimension, StringComparer.Ordinal.GetHashCode(Key));
}

public enum PostureDimension
{
    Class,
    Owner,
}
