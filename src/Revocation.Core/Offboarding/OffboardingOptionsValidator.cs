using System.Globalization;
using Microsoft.Extensions.Options;

namespace Revocation.Core.Offboarding;

/// <summary>The rule between <see cref="OffboardingOptions"/> fields, checked at start with the ranges.</summary>
public sealed class OffboardingOptionsValidator : IValidateOptions<OffboardingOptions>
{
    public ValidateOptionsResult Validate(string? name, OffboardingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.RecheckWindow > options.PeopleCacheLifetime
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{OffboardingOptions.Section}:RecheckWindow ({options.RecheckWindow}) must be longer than {OffboardingOptions.Section}:PeopleCacheLifetime ({options.PeopleCacheLifetime}): the recheck closes the cache's window"));
    }
}
