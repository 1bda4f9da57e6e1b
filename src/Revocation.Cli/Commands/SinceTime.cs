using System.Globalization;
using System.Text.RegularExpressions;

namespace Revocation.Cli.Commands;

/// <summary>
/// A <c>--since</c> value: an RFC 3339 time, a date (midnight UTC), <c>today</c>/<c>yesterday</c> (midnight UTC), or an age
/// back from now (<c>24h</c>, <c>-24h</c>, <c>7d</c>, <c>30m</c>, <c>2w</c>). Anything else is a usage error naming the forms.
/// </summary>
internal static partial class SinceTime
{
    public const string Forms = "an RFC 3339 time (2026-11-01T08:00:00Z), a date (2026-11-01), today, yesterday, or an age (30m, 24h, 7d, 2w)";

    public static DateTimeOffset Parse(string text, DateTimeOffset now, string option = "--since")
    {
        var value = text.Trim();
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        if (value.Equals("today", StringComparison.OrdinalIgnoreCase)) return midnight;
        if (value.Equals("yesterday", StringComparison.OrdinalIgnoreCase)) return midnight.AddDays(-1);
        if (Age().Match(value) is { Success: true } m)
        {
            var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            return now - m.Groups["unit"].Value.ToLowerInvariant() switch
            {
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                _ => TimeSpan.FromDays(7 * n),
            };
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        // A time needs its offset (Z or ±hh:mm): a bare local time would depend on the machine's zone.
        if (value.Contains('T', StringComparison.OrdinalIgnoreCase) && HasOffset().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return time;
        throw new UsageException($"{option} '{text}' is not a time: use {Forms}");
    }

    [GeneratedRegex(@"^-?(?<n>\d{1,6})(?<unit>[mhdwMHDW])$")]
    private static partial Regex Age();

    [GeneratedRegex(@"(Z|z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex HasOffset();
}
