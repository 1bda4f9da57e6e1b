namespace Revocation.Infra.Tests;

/// <summary>Locates the repository root: the folder holding RevocationFunctions.sln.</summary>
internal static class RepositoryRoot
{
    private const string SolutionFile = "RevocationFunctions.sln";

    public static string Path { get; } = Locate();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No {SolutionFile} in {AppContext.BaseDirectory} or any parent folder: run the tests from the repository.");
    }
}
