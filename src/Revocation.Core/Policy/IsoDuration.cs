using System.Xml;

namespace Revocation.Core.Policy;

/// <summary>ISO 8601 durations of days and time only (<c>PT1H</c>, <c>P7D</c>): years and months have no fixed length.</summary>
public static class IsoDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text[0] != 'P') return false;
        var datePart = text.Split('T')[0];
        if (datePart.Contains('Y', StringComparison.Ordinal) || datePart.Contains('M', StringComparison.Ordinal) ||
            datePart.Contains('W', StringComparison.Ordinal))
            return false;
        try
        {
            value = XmlConvert.ToTimeSpan(text);
            return value > TimeSpan.Zero;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string Format(TimeSpan value) => XmlConvert.ToString(value);
}
