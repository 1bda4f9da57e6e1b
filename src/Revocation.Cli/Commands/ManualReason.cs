using System.Globalization;

namespace Revocation.Cli.Commands;

/// <summary>The reason and the actor of a break-glass revocation, as the ledger records them.</summary>
internal static class ManualReason
{
    /// <summary>Longest reason kept: the ledger's reason is a short sentence, not a report.</summary>
    public const int MaxLength = 200;

    /// <summary>The operator's reason, trimmed; empty, over <see cref="MaxLength"/> or with control characters is a usage error.</summary>
    public static string Validate(string? reason)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0) throw new UsageException("--reason is empty: say why the token is revoked (it is kept in the ledger)");
        if (text.Length > MaxLength)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--reason is {text.Length} characters; at most {MaxLength}"));
        if (text.Any(char.IsControl)) throw new UsageException("--reason holds control characters (newlines, tabs, escapes); use one plain line");
        // The reason is kept in the ledger for good: a pasted token (a long opaque run, a JWT) must not land there.
        if (Revocation.Core.Events.SecretRedaction.Redact(text) != text)
            throw new UsageException("--reason looks like it holds a token value (a long opaque string); describe the leak, don't paste the token");
        return text;
    }

    /// <summary>
    /// Who ran the command: the OS account and machine (<c>user@host</c>). When revctl authenticates to storage
    /// with Entra ID (not yet: issue 12) the principal's name belongs here too.
    /// </summary>
    public static string Actor() => $"os:{Environment.UserName}@{Environment.MachineName}";
}
