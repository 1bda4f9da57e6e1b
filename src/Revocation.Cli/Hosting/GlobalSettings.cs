namespace Revocation.Cli.Hosting;

/// <summary>The global options of contracts §5.</summary>
internal sealed record GlobalSettings(string Storage, string Policies, bool Json, bool Verbose);
