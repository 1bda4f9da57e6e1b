using System.Diagnostics;
using System.Reflection;
using System.Xml.Linq;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>
/// revctl as a .NET tool: packs the built CLI, installs the package with <c>dotnet tool install</c> from that folder
/// alone (a NuGet config without sources and an empty package cache, so nothing comes from a registry or an
/// earlier install), and runs the installed command. About 10 s: the pack reuses the test run's build.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ToolPackageTests : IDisposable
{
    private const string PackageId = "NhiRevocation.Revctl";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(2);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "revctl-tool-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Version_InProcess_PrintsTheProjectVersionAndCommit()
    {
        var result = await CliHarness.RunRawAsync("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(InformationalVersion(), result.StdOut.Trim());
        Assert.StartsWith(VersionPrefix() + "+", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolInstall_FromPackedFolder_InstallsRevctlThatAnswersVersion()
    {
        var feed = Path.Combine(_folder, "feed");
        var tools = Path.Combine(_folder, "tools");
        var config = Path.Combine(_folder, "nuget.config");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(config, """<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear /></packageSources></configuration>""");
        var project = Path.Combine(RepoRoot.Path, "src", "Revocation.Cli");

        await RunAsync(Dotnet(), ["pack", project, "-c", Configuration(), "--no-build", "-o", feed, "-nologo", "-v", "quiet"]);
        var version = VersionPrefix();
        Assert.True(File.Exists(Path.Combine(feed, $"{PackageId}.{version}.nupkg")), $"no {PackageId}.{version}.nupkg in {feed}");
        await RunAsync(Dotnet(), ["tool", "install", PackageId, "--tool-path", tools, "--add-source", feed, "--configfile", config, "--version", version]);
        var installed = await RunAsync(Path.Combine(tools, "revctl"), ["--version"]);

        Assert.Equal(InformationalVersion(), installed.Trim());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>The csproj's VersionPrefix: the package version, and what --version starts with.</summary>
    private static string VersionPrefix() =>
        XDocument.Load(Path.Combine(RepoRoot.Path, "src", "Revocation.Cli", "Revocation.Cli.csproj"))
            .Descendants("VersionPrefix").Single().Value;

    private static string InformationalVersion() =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    /// <summary>The configuration the test run built (the test assembly runs from bin/&lt;Configuration&gt;/&lt;tfm&gt;/).</summary>
    private static string Configuration() => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    private static string Dotnet() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private async Task<string> RunAsync(string program, string[] args)
    {
        var info = new ProcessStartInfo(program, args)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };
        // An empty package cache: the install must find everything in the packed folder, and a cached package of the
        // same version from an earlier run must not stand in for this build.
        info.Environment["NUGET_PACKAGES"] = Path.Combine(_folder, "packages");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(StepTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not exit within {StepTimeout}");
        }
        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: exit {process.ExitCode}\n{output}\n{await stderr}");
        return output;
    }
}
