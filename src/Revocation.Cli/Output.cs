using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Revocation.Cli;

/// <summary>
/// Writes a command's result on stdout: JSON for scripts (enums as names, one document or JSON Lines) or aligned
/// text tables for people. The only place that formats results; warnings and progress go to stderr, never here.
/// </summary>
internal static class Output
{
    public static readonly JsonSerializerOptions JsonOptions = Options(indented: true);

    /// <summary>One object per line (JSON Lines).</summary>
    public static readonly JsonSerializerOptions JsonLineOptions = Options(indented: false);

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>One result: indented JSON, or a single line for <see cref="OutputFormat.Jsonl"/>.</summary>
    public static void WriteDocument<T>(OutputFormat format, T value) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(value, format == OutputFormat.Jsonl ? JsonLineOptions : JsonOptions));

    /// <summary>A list: a table, one JSON array, or one JSON object per line.</summary>
    public static void WriteList<T>(OutputFormat format, IReadOnlyList<T> rows, IReadOnlyList<string> headers, Func<T, IReadOnlyList<string?>> cells)
    {
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(rows);
                break;
            case OutputFormat.Jsonl:
                foreach (var row in rows) Console.Out.WriteLine(JsonSerializer.Serialize(row, JsonLineOptions));
                break;
            default:
                WriteTable(headers, rows.Select(cells));
                break;
        }
    }

    public static void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var all = rows.Select(r => r.Select(c => c ?? "-").ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        Console.Out.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var r in all) Console.Out.WriteLine(string.Join("  ", r.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
    }

    /// <summary>A warning for the operator: stderr, so stdout stays the result.</summary>
    public static void Warn(string message) => Console.Error.WriteLine($"revctl: warning: {message}");

    public static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    /// <summary>A JSON text as an object in the output (nested JSON is not a string); text that is not JSON stays a string.</summary>
    public static object? Nested(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return json;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static JsonSerializerOptions Options(bool indented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = indented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter() },
    };
}
