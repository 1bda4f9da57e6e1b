using System.Globalization;
using System.Net.Http.Headers;

namespace Revocation.Providers.Http;

/// <summary>
/// Reads <c>Retry-After</c> (RFC 9110 §10.2.3): delay-seconds or an HTTP date, the latter relative to a
/// caller-supplied "now". Results are clamped to [0, <see cref="MaxDelay"/>] so a hostile or broken header
/// cannot park a revocation for years.
/// </summary>
public static class RetryAfterParser
{
    /// <summary>Upper bound of a parsed delay: 24 hours.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(24);

    /// <summary>The delay a response's <c>Retry-After</c> asks for, or null when absent or unreadable.</summary>
    public static TimeSpan? FromHeaders(HttpResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.TryGetValues("Retry-After", out var values) ? Parse(values.FirstOrDefault(), now) : null;
    }

    /// <summary>Parses a raw <c>Retry-After</c> value: <c>120</c> or <c>Wed, 21 Oct 2026 07:28:00 GMT</c>.</summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return Clamp(seconds >= MaxDelay.TotalSeconds ? MaxDelay : TimeSpan.FromSeconds(seconds));
        }

        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            return Clamp(date - now);
        }

        return null;
    }

    private static TimeSpan Clamp(TimeSpan delay) =>
        delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
}
