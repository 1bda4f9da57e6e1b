using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Revocation.Cli;

/// <summary>
/// <c>revctl --version</c>: revctl's own informational version (the package version and the commit, 0.3.0+sha).
/// System.CommandLine's default prints the entry assembly's, which is not revctl when the CLI runs inside another host.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public static string Version { get; } =
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return CliApp.Ok;
    }
}
