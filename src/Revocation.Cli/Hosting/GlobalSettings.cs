namespace Revocation.Cli.Hosting;

/// <summary>The global options of contracts §5. <see cref="Json"/> is true for any machine-readable <see cref="Format"/>.</summary>
internal sealed record GlobalSettings(string Storage, string Policies, bool Json, bool Verbose)
{
    /// <summary><c>--output</c>: table unless <c>--json</c> or <c>--output json|jsonl</c> was given.</summary>
    public OutputFormat Format { get; init; } = Json ? OutputFormat.Json : OutputFormat.Table;
}
