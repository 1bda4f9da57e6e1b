namespace Revocation.Testing;

/// <summary>Locates the repository root and the npm tools installed there.</summary>
public static class RepoRoot
{
    private const string SolutionFile = "RevocationFunctions.sln";
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>
    /// The folder holding <c>RevocationFunctions.sln</c>, found by walking up from the test assembly's folder.
    /// <c>REVOCATION_REPO_ROOT</c> overrides it; a folder with both <c>package.json</c> and
    /// <c>Directory.Packages.props</c> is accepted too, for trees without the solution file.
    /// </summary>
    public static string Path => Root.Value;

    /// <summary>The folder of an npm package in the root's node_modules; throws with a hint to run <c>npm ci</c>.</summary>
    public static string RequireNodeModule(string relativePath)
    {
        var path = System.IO.Path.Combine(Path, "node_modules", relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new InvalidOperationException(
                $"'{path}' is missing: run `npm ci` in {Path} (the tests need the npm packages from package-lock.json).");
        }

        return path;
    }

    private static string Find()
    {
        var overridden = Environment.GetEnvironmentVariable("REVOCATION_REPO_ROOT");
        if (!string.IsNullOrEmpty(overridden))
        {
            return System.IO.Path.GetFullPath(overridden);
        }

        string? fallback = null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }

            if (fallback is null
                && File.Exists(System.IO.Path.Combine(dir.FullName, "package.json"))
                && File.Exists(System.IO.Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                fallback = dir.FullName;
            }
        }

        return fallback ?? throw new InvalidOperationException(
            $"No {SolutionFile} above {AppContext.BaseDirectory}; set REVOCATION_REPO_ROOT to the repository root.");
    }
}
