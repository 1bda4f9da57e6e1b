using System.Globalization;

namespace Revocation.Bench;

/// <summary>Results as plain lines: <c>name: value unit</c>.</summary>
internal static class Output
{
    public static void Line(string name, double value, string unit)
    {
        var text = value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString(Math.Abs(value) >= 100 ? "0.0" : "0.###", CultureInfo.InvariantCulture);
        Console.WriteLine(unit.Length == 0 ? $"{name}: {text}" : $"{name}: {text} {unit}");
    }

    public static void Text(string name, string value) => Console.WriteLine($"{name}: {value}");

    public static void Seconds(string name, TimeSpan elapsed) => Line(name, Math.Round(elapsed.TotalSeconds, 3), "s");

    /// <summary>Progress and notes go to stderr, so stdout holds only result lines.</summary>
    public static void Note(string text) => Console.Error.WriteLine($"# {text}");
}
