namespace Revocation.Core.Storage;

/// <summary>
/// Tokens by one dimension of an incident selector (<see cref="SliceDimensions"/>): class, holder, source. Rows are
/// hints, like the due and person indexes: readers check each token's state row and clean rows that no longer match.
/// Adapters spread one value's rows over shards so that one big slice (a partner's every issuance) never lands on one
/// partition; reading a slice reads its shards, at a cost that grows with the slice, not with the estate.
/// </summary>
public interface ISliceIndex
{
    Task AddAsync(string dimension, string value, string tokenId, CancellationToken cancellationToken);

    /// <summary>Every token id filed under (<paramref name="dimension"/>, <paramref name="value"/>); each at most once.</summary>
    IAsyncEnumerable<string> ListTokensAsync(string dimension, string value, CancellationToken cancellationToken);

    /// <summary>Removes the rows of <paramref name="tokenIds"/> under (<paramref name="dimension"/>, <paramref name="value"/>); rows already gone are no error.</summary>
    Task RemoveAsync(string dimension, string value, IReadOnlyCollection<string> tokenIds, CancellationToken cancellationToken);
}

/// <summary>The dimensions <see cref="ISliceIndex"/> files tokens under, and how each value is made canonical for a key.</summary>
public static class SliceDimensions
{
    public const string Class = "class";
    public const string Holder = "holder";
    public const string Source = "source";

    public static readonly IReadOnlyList<string> All = [Class, Holder, Source];

    /// <summary>A holder compares as a person id (case-insensitively, docs/events.md); classes and sources compare exactly.</summary>
    public static string Canonical(string dimension, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return dimension == Holder ? Tokens.PersonIds.Key(value) : value;
    }
}
