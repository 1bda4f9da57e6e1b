using System.Globalization;
using System.Text.Json;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>Console is process-wide: every test that runs revctl in process belongs to this collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}

/// <summary>An exit code and what revctl wrote.</summary>
internal sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}

/// <summary>Runs revctl in process against one storage account and a policy file written for the test.</summary>
internal sealed class CliHarness : IDisposable
{
    public const string ClassName = "ci";
    public const string Owner = "alice@contoso.com";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "revctl-tests-" + Guid.NewGuid().ToString("N"));

    public CliHarness(string storage, string? policyJson = null)
    {
        Storage = storage;
        Directory.CreateDirectory(_folder);
        PolicyFile = WriteFile("policies.json", policyJson ?? ValidPolicy);
    }

    public static string ValidPolicy => """
        {
          "providers": {
            "p": { "kind": "oauth2", "revocationEndpoint": "http://127.0.0.1:9/revoke", "clientId": "x", "clientSecretRef": "env:X" }
          },
          "classes": {
            "ci": { "owner": "alice@contoso.com", "provider": "p", "maxTtl": "P30D", "idleTimeout": "P30D", "onOwnerOffboarded": "revoke" }
          }
        }
        """;

    public static string HostJson => Path.Combine(RepoRoot.Path, "host.json");

    public string Storage { get; }

    public string PolicyFile { get; }

    public static async Task<CliResult> RunRawAsync(params string[] args)
    {
        var originalOut = Console.Out;
        var originalError = Console.Error;
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var code = await CliApp.InvokeAsync(args, CancellationToken.None);
            return new CliResult(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    /// <summary>revctl ARGS --storage STORAGE --policies POLICY_FILE.</summary>
    public Task<CliResult> RunAsync(params string[] args) =>
        RunRawAsync([.. args, "--storage", Storage, "--policies", PolicyFile]);

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A JSON array of valid token.issued events, one per token id.</summary>
    public string WriteIssuedEvents(params string[] tokenIds)
    {
        var now = DateTimeOffset.UtcNow;
        var events = tokenIds.Select(id => new Dictionary<string, object>
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = "urn:test:cli",
            ["type"] = "token.issued",
            ["time"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["data"] = new Dictionary<string, object>
            {
                ["tokenId"] = id,
                ["class"] = ClassName,
                ["owner"] = Owner,
                ["credential"] = new Dictionary<string, string> { ["handle"] = "h1" },
            },
        });
        return WriteFile($"events-{Guid.NewGuid():N}.json", JsonSerializer.Serialize(events));
    }

    /// <summary>
    /// Publishes token.issued events for <paramref name="tokenIds"/> and drains them with run --until-idle. The run may
    /// exit 1 only because a revocation another test of the class queued failed (the test policy's provider cannot
    /// revoke); nothing may be poisoned and the events must be accepted.
    /// </summary>
    public async Task IssueAsync(params string[] tokenIds)
    {
        var publish = await RunAsync("publish", WriteIssuedEvents(tokenIds));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        var run = await RunAsync("run", "--until-idle", "--json", "--host-json", HostJson);
        using var summary = JsonDocument.Parse(run.StdOut);
        var poisoned = summary.RootElement.GetProperty("poisoned").EnumerateObject().Sum(p => p.Value.GetInt32());
        var accepted = summary.RootElement.GetProperty("intake").TryGetProperty("Accepted", out var a) ? a.GetInt32() : 0;
        Assert.True(run.ExitCode == 0 || (run.ExitCode == 1 && poisoned == 0 && summary.RootElement.GetProperty("revocationsFailed").GetInt32() > 0),
            run.ToString());
        Assert.True(accepted >= tokenIds.Length, run.ToString());
    }

    public static string NewTokenId(string prefix) => $"test-{prefix}:{Guid.NewGuid():N}";

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
