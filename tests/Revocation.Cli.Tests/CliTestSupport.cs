using System.Text.Json;

namespace Revocation.Cli.Tests;

/// <summary>Helpers for in-process revctl runs that need stdin or environment variables.</summary>
internal static class CliTestSupport
{
    /// <summary>Runs revctl in process with <paramref name="stdin"/> as Console.In (restored afterwards).</summary>
    public static async Task<CliResult> RunWithStdinAsync(string stdin, params string[] args)
    {
        var originalIn = Console.In;
        using var reader = new StringReader(stdin);
        Console.SetIn(reader);
        try
        {
            return await CliHarness.RunRawAsync(args);
        }
        finally
        {
            Console.SetIn(originalIn);
        }
    }

    /// <summary>The names of a JSON object's properties, sorted.</summary>
    public static string[] PropertyNames(JsonElement element) =>
        [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}

/// <summary>Sets an environment variable for a scope; restores the previous value (or its absence) on dispose.</summary>
internal sealed class EnvironmentVariableScope : IDisposable
{
    private readonly string _name;
    private readonly string? _previous;

    public EnvironmentVariableScope(string name, string? value)
    {
        _name = name;
        _previous = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
}
