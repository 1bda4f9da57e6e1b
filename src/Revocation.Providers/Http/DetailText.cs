using System.Text;

namespace Revocation.Providers.Http;

/// <summary>
/// Makes provider-supplied text safe for <see cref="Core.Revocation.RevocationOutcome.Detail"/>: printable
/// ASCII only, bounded length, and any known secret redacted (a server may echo the token it was sent).
/// </summary>
internal static class DetailText
{
    public const string Redacted = "[redacted]";

    public static string Clean(string? text, int maxLength, params ReadOnlySpan<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength));
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                break;
            }

            builder.Append(c is >= ' ' and <= '~' ? c : ' ');
        }

        return builder.ToString().Trim();
    }
}
