using System.Globalization;
using Revocation.Core.Events;

namespace Revocation.Core.Revocation;

/// <summary>
/// A person's reason for a manual or incident revocation, as the ledger keeps it for good: one plain line of at most
/// <see cref="MaxLength"/> characters that does not look like a pasted token value.
/// </summary>
public static class ReasonText
{
    /// <summary>Longest reason kept: the ledger's reason is a short sentence, not a report.</summary>
    public const int MaxLength = 200;

    /// <summary>What is wrong with <paramref name="reason"/> (to follow the field's name: "is empty: ..."), or null when it can be kept (trimmed).</summary>
    public static string? Problem(string? reason)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0) return "is empty: say why the token is revoked (it is kept in the ledger)";
        if (text.Length > MaxLength) return string.Create(CultureInfo.InvariantCulture, $"is {text.Length} characters; at most {MaxLength}");
        if (text.Any(char.IsControl)) return "holds control characters (newlines, tabs, escapes); use one plain line";
        // The reason is kept in the ledger for good: a pasted token (a long opaque run, a JWT) must not land there.
        if (SecretRedaction.Redact(text) != text) return "looks like it holds a token value (a long opaque string); describe the leak, don't paste the token";
        return null;
    }
}
