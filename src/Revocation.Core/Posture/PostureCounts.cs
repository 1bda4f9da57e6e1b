namespace Revocation.Core.Posture;

/// <summary>
/// What one group of tokens (a class, or an owner) adds to the posture report: counts by state and mark, the sum of
/// accepted transfers, and active tokens by the UTC day they fall due. A token's own contribution has each count 0 or
/// 1; a change is the difference of two contributions; a group's total is the sum of its tokens' contributions.
/// </summary>
public sealed class PostureCounts
{
    public long Registered { get; set; }
    public long Active { get; set; }
    public long Ownerless { get; set; }
    public long RevocationPending { get; set; }
    public long Revoked { get; set; }
    public long Failed { get; set; }
    public long AccessRemoved { get; set; }
    public long Discovered { get; set; }
    public long Unclassified { get; set; }
    public long Zombies { get; set; }
    public long Transfers { get; set; }

    /// <summary>Active tokens by the UTC day they fall due (days with no token are absent).</summary>
    public Dictionary<DateOnly, long> DueByDay { get; init; } = [];

    /// <summary>Adds <paramref name="other"/> times <paramref name="sign"/> (1 or -1) to these counts.</summary>
    public void Add(PostureCounts other, int sign = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        Registered += sign * other.Registered;
        Active += sign * other.Active;
        Ownerless += sign * other.Ownerless;
        RevocationPending += sign * other.RevocationPending;
        Revoked += sign * other.Revoked;
        Failed += sign * other.Failed;
        AccessRemoved += sign * other.AccessRemoved;
        Discovered += sign * other.Discovered;
        Unclassified += sign * other.Unclassified;
        Zombies += sign * other.Zombies;
        Transfers += sign * other.Transfers;
        foreach (var (day, n) in other.DueByDay)
        {
            var sum = DueByDay.GetValueOrDefault(day) + sign * n;
            if (sum == 0) DueByDay.Remove(day);
            else DueByDay[day] = sum;
        }
    }

    /// <summary><see cref="Add"/>, returning these counts.</summary>
    public PostureCounts AddAndReturn(PostureCounts other)
    {
        Add(other);
        return this;
    }

    /// <summary>True when adding these counts changes nothing.</summary>
    public bool IsZero => Registered == 0 && Active == 0 && Ownerless == 0 && RevocationPending == 0 && Revoked == 0 && Failed == 0
        && AccessRemoved == 0 && Discovered == 0 && Unclassified == 0 && Zombies == 0 && Transfers == 0 && DueByDay.Count == 0;

    public PostureCounts Copy()
    {
        var copy = new PostureCounts();
        copy.Add(this);
        return copy;
    }
}
