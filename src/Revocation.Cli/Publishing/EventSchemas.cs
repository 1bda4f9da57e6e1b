using System.Text.Json;
using Json.Schema;
using Revocation.Core.Events;

namespace Revocation.Cli.Publishing;

/// <summary>
/// The JSON Schemas of the event types (schemas/events/&lt;type&gt;.schema.json, embedded in revctl) that
/// <c>revctl publish</c> checks each event against, after the parser. The parser stays the runtime authority; the
/// schemas are what publishers can check on their side, and publish holds them to it (RFC 3339 times with an offset,
/// say, which the parser also reads without one).
/// </summary>
internal static class EventSchemas
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = Json.Schema.OutputFormat.Hierarchical, RequireFormatValidation = true };

    // Built once, in a registry of their own: the global registry refuses a second schema with the same $id.
    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> Schemas = new(Load);

    /// <summary>The schema of each event type, by type name.</summary>
    public static IReadOnlyDictionary<string, JsonSchema> ByType => Schemas.Value;

    /// <summary>
    /// The first problem of <paramref name="json"/> against its type's schema ("$.data.tokenId: ..."), or null when it
    /// is valid. Null too for input without a known type: the parser names that problem.
    /// </summary>
    public static string? FirstProblem(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        if (doc.RootElement.ValueKind != JsonValueKind.Object ||
            !doc.RootElement.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String ||
            !ByType.TryGetValue(type.GetString()!, out var schema))
            return null;
        var result = schema.Evaluate(doc.RootElement, Options);
        if (result.IsValid) return null;
        var failed = Deepest(result);
        if (failed?.Errors is not { Count: > 0 } errors) return $"$: does not match {type.GetString()}.schema.json";
        return $"{JsonPath(failed.InstanceLocation.ToString())}: {errors.Values.First()}";
    }

    /// <summary>
    /// The failed node with an error at the deepest instance location, the one naming the field most precisely. Only
    /// failed nodes are followed: a passing anyOf keeps the errors of its other branches, which are no problem.
    /// </summary>
    private static EvaluationResults? Deepest(EvaluationResults node)
    {
        var best = node.Errors is { Count: > 0 } ? node : null;
        foreach (var child in node.Details ?? [])
        {
            if (child.IsValid || Deepest(child) is not { } candidate) continue;
            if (best is null || candidate.InstanceLocation.SegmentCount > best.InstanceLocation.SegmentCount) best = candidate;
        }
        return best;
    }

    /// <summary>A JSON Pointer (/data/tokenId) as the parser's JSON path ($.data.tokenId).</summary>
    private static string JsonPath(string pointer) =>
        "$" + string.Concat(pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => "." + p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)));

    private static Dictionary<string, JsonSchema> Load()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var assembly = typeof(EventSchemas).Assembly;
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var type in EventTypes.All)
        {
            var name = $"schemas.events.{type}.schema.json";
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"revctl is built without the embedded schema {name}");
            using var reader = new StreamReader(stream);
            schemas[type] = JsonSchema.FromText(reader.ReadToEnd(), options);
        }
        return schemas;
    }
}
