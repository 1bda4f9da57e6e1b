using Revocation.Testing;

namespace Revocation.Faults;

/// <summary>Where the built revctl is: src/Revocation.Cli/bin/&lt;Configuration&gt;/&lt;tfm&gt;/revctl.dll, the configuration this assembly runs under.</summary>
public static class RevctlPath
{
    /// <summary>The revctl.dll path; <c>REVCTL_DLL</c> overrides it. Throws when it is not built.</summary>
    public static string Dll
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("REVCTL_DLL");
            if (string.IsNullOrEmpty(path))
            {
                // This assembly runs from <project>/bin/<Configuration>/<tfm>/ (a test project or the bench).
                var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
                path = Path.Combine(RepoRoot.Path, "src", "Revocation.Cli", "bin", tfm.Parent!.Name, tfm.Name, "revctl.dll");
            }

            return File.Exists(path) ? path : throw new InvalidOperationException($"revctl is not built at {path} (set REVCTL_DLL)");
        }
    }

    /// <summary>The dotnet host to start it with (the one running us when known).</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
