using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Incidents;

/// <summary>A token's value in each <see cref="SliceDimensions"/> dimension: what the index files it under, and what a reader checks a row against.</summary>
public static class SliceValues
{
    public static string? Of(TokenRecord token, string dimension)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.View.IsRegistered) return null;
        return dimension switch
        {
            SliceDimensions.Class => token.View.Class,
            SliceDimensions.Holder => token.View.Holder,
            SliceDimensions.Source => TokenSources.Of(token),
            _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "not a slice dimension"),
        };
    }

    /// <summary>True when <paramref name="token"/>'s value in <paramref name="dimension"/> is <paramref name="value"/> (holders as person ids).</summary>
    public static bool Has(TokenRecord token, string dimension, string value) =>
        Of(token, dimension) is { } v && SliceDimensions.Canonical(dimension, v) == SliceDimensions.Canonical(dimension, value);
}
