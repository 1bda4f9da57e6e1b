using Revocation.Core.Tokens;

namespace Revocation.Core.Posture;

/// <summary>
/// The unit the aggregates are kept in: the tokens of one class held by one owner. A class's row of the report is the
/// sum of its cells, an owner's row the sum of theirs (<see cref="PostureTally.Fold"/>). Keeping cells instead of a
/// row per class spreads a busy class's writes over its owners (no single hot row). <see cref="OwnerKey"/> is
/// <see cref="PersonIds.Key"/> of the owner (<see cref="PostureGroup.NoOwner"/> for none); <see cref="OwnerName"/>
/// the id as recorded. Cells are the same when class and owner key match.
/// </summary>
public sealed record PostureCell(string Class, string OwnerKey, string OwnerName)
{
    public static PostureCell Of(TokenRecord token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var owner = PostureGroup.ForOwner(token.View.Owner);
        return new PostureCell(PostureGroup.ForClass(token.View.Class).Key, owner.Key, owner.Name);
    }

    public PostureGroup ClassGroup => new(PostureDimension.Class, Class, Class);

    public PostureGroup OwnerGroup => new(PostureDimension.Owner, OwnerKey, OwnerName);

    public bool Equals(PostureCell? other) =>
        other is not null && string.Equals(Class, other.Class, StringComparison.Ordinal) && string.Equals(OwnerKey, other.OwnerKey, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Class), StringComparer.Ordinal.GetHashCode(OwnerKey));
}
