using Microsoft.Extensions.Configuration;
using Revocation.Core.Policy;

namespace Revocation.Functions;

/// <summary>
/// The policy the app runs with: <c>Revocation:PolicyFile</c> (default <c>policies.json</c> next to the app, which the
/// build copies from <c>deploy/policies.json</c>). A missing, invalid or empty file (no classes: nothing would be
/// governed) stops the start with one message that names the file and where the policy belongs.
/// </summary>
public static class DeployedPolicy
{
    public const string SettingName = "Revocation:PolicyFile";

    public const string Where = "put your policy in deploy/policies.json (copied into the app by the build) or set Revocation__PolicyFile";

    public static PolicyDocument Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[SettingName] is { Length: > 0 } configured ? configured : "policies.json";
        if (!Path.IsPathRooted(path)) path = Path.Combine(AppContext.BaseDirectory, path);
        if (!File.Exists(path)) throw new PolicyValidationException(path, [$"file not found: {Where}"]);
        try
        {
            return PolicyLoader.LoadGoverning(path);
        }
        catch (PolicyValidationException e)
        {
            throw new PolicyValidationException(path, [.. e.Problems, Where]);
        }
    }
}
