using System.Globalization;
using Microsoft.Extensions.Options;

namespace Revocation.Core.Revocation;

/// <summary>The rule between <see cref="RevocationOptions"/> fields, checked at start with the ranges.</summary>
public sealed class RevocationOptionsValidator : IValidateOptions<RevocationOptions>
{
    public ValidateOptionsResult Validate(string? name, RevocationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.BaseDelay <= options.MaxDelay
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{RevocationOptions.Section}:BaseDelay ({options.BaseDelay}) is above {RevocationOptions.Section}:MaxDelay ({options.MaxDelay}): no retry could wait its base delay"));
    }
}
