using System.Globalization;
using Microsoft.Extensions.Options;

namespace Revocation.Core.Storage;

/// <summary>
/// Checks <see cref="StorageOptions"/> at start with a message that names the key: the data annotation's own message
/// names only the property, and a shard count outside the range would spread writes nowhere (0) or past what a
/// report reads in one page per class (over 64).
/// </summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public const int MaxShards = 64;

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Shards is >= 1 and <= MaxShards
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{StorageOptions.Section}:Shards ({options.Shards}) must be between 1 and {MaxShards}: the partitions each concentrated write path is spread over"));
    }
}
