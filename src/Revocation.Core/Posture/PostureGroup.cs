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

    /// <summary>Groups are the same row when dimension and key match, whatever the spelling of the name.</summary>
    public bool Equals(PostureGroup? other) => other is not null && Dimension == other.Dimension && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Dimension, StringComparer.Ordinal.GetHashCode(Key));
}

public enum PostureDimension
{
    Class,
    Owner,
}
