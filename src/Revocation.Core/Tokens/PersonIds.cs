namespace Revocation.Core.Tokens;

/// <summary>
/// How person ids (<c>owner</c>, <c>fromOwner</c>, <c>toOwner</c>, <c>personId</c>, <c>successor</c>, and a holder
/// matched against a leaver) compare: case-insensitively, as identity systems compare them. E-mail addresses and
/// UPNs are case-insensitive in Entra ID, Okta and Workday; Entra object ids are GUIDs, whose hex digits are too;
/// employee numbers are digits. The comparison is ordinal ignoring case (no culture), and <see cref="Key"/> is its
/// canonical form for table keys and dictionaries. The ledger keeps every id as it was sent (docs/events.md).
/// </summary>
public static class PersonIds
{
    /// <summary>The comparer for dictionaries and sets keyed by person id.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> name the same person (both null counts as same).</summary>
    public static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The canonical form of an id for keys: upper-case invariant, the mapping <see cref="StringComparer.OrdinalIgnoreCase"/>
    /// itself uses, so two ids share a key exactly when <see cref="Same"/> says they are the same person.
    /// </summary>
    public static string Key(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.ToUpperInvariant();
    }
}
