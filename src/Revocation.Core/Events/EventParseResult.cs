namespace Revocation.Core.Events;

/// <summary>Either a validated event or the reason the message can never succeed.</summary>
public sealed record EventParseResult(IntakeEvent? Event, string? Rejection)
{
    public bool IsValid => Event is not null;

    public static EventParseResult Valid(IntakeEvent e) => new(e, null);

    /// <summary>Longest reason kept: one line an operator reads in a list.</summary>
    public const int MaxReasonLength = 300;

    /// <summary>
    /// A rejection. The reason may quote the input (a bad id, the parser's view of a byte), so control characters are
    /// escaped (<c>\uXXXX</c>) and it is clipped to <see cref="MaxReasonLength"/>: one line, safe in any log.
    /// </summary>
    public static EventParseResult Invalid(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var sb = new System.Text.StringBuilder(Math.Min(reason.Length, MaxReasonLength));
        foreach (var c in reason)
        {
            if (sb.Length >= MaxReasonLength) break;
            if (char.IsControl(c) || c is '\u2028' or '\u2029') sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        return new(null, sb.Length > MaxReasonLength ? sb.ToString(0, MaxReasonLength) : sb.ToString());
    }
}
