using Revocation.Core.Revocation;

namespace Revocation.Cli.Commands;

/// <summary>The reason and the actor of a break-glass revocation, as the ledger records them.</summary>
internal static class ManualReason
{
    /// <summary>The operator's reason, trimmed; empty, over <see cref="ReasonText.MaxLength"/>, with control characters or a token value is a usage error.</summary>
    public static string Validate(string? reason) =>
        ReasonText.Problem(reason) is { } problem ? throw new UsageException("--reason " + problem) : reason!.Trim();

    /// <summary>
    /// Who ran the command: the OS account and machine (<c>user@host</c>). When revctl authenticates to storage
    /// with Entra ID (not yet: issue 12) the principal's name belongs here too.
    /// </summary>
    public static string Actor() => $"os:{Environment.UserName}@{Environment.MachineName}";
}
