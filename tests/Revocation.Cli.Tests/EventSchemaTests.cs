using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Revocation.Cli.Publishing;
using Revocation.Core.Events;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>
/// schemas/events/ against the parser, the runtime authority: every example event in the repo passes both, and every
/// way of breaking a rule a schema can express, applied to every example, is refused by both.
/// </summary>
public sealed class EventSchemaTests
{
    private static readonly EvaluationOptions Strict = new() { RequireFormatValidation = true };

    [Fact]
    public void Schemas_OneFilePerEventType_EachEmbeddedInRevctl()
    {
        var files = Directory.GetFiles(Path.Combine(RepoRoot.Path, "schemas", "events"), "*.schema.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(EventTypes.All.Select(t => $"{t}.schema.json").Order(StringComparer.Ordinal), files);
        Assert.Equal(EventTypes.All.Order(StringComparer.Ordinal), EventSchemas.ByType.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Examples_InTheRepo_AreAcceptedByParserAndSchema()
    {
        var examples = Examples().ToList();

        Assert.True(examples.Count >= 12, $"only {examples.Count} examples found");
        Assert.Equal(EventTypes.All.Order(StringComparer.Ordinal), examples.Select(e => Type(e.Json)).Distinct().Order(StringComparer.Ordinal));
        var failures = examples.Select(e => (e.Name, Problem: Problems(e.Json))).Where(e => e.Problem is not null).Select(e => $"{e.Name}: {e.Problem}").ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Mutations_BreakingARule_AreRefusedByParserAndSchema()
    {
        var failures = new List<string>();
        var tried = 0;
        foreach (var (name, json) in Examples())
        {
            foreach (var (mutation, mutated) in EventMutations.Breaking(JsonNode.Parse(json)!.AsObject()))
            {
                tried++;
                var text = mutated.ToJsonString();
                if (EventParser.Parse(text).IsValid) failures.Add($"{name} {mutation}: the parser accepted it");
                if (Schema(Type(json)).Evaluate(JsonDocument.Parse(text).RootElement, Strict).IsValid) failures.Add($"{name} {mutation}: the schema accepted it");
            }
        }
        Assert.True(tried > 300, $"only {tried} mutations");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Mutations_KeepingTheRules_AreAcceptedByParserAndSchema()
    {
        var failures = new List<string>();
        foreach (var (name, json) in Examples())
        {
            foreach (var (mutation, mutated) in EventMutations.Keeping(JsonNode.Parse(json)!.AsObject()))
            {
                if (Problems(mutated.ToJsonString()) is { } problem) failures.Add($"{name} {mutation}: {problem}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void FirstProblem_TimeWithoutOffset_NamesTheFieldThoughTheParserReadsIt()
    {
        var json = JsonNode.Parse(File.ReadLines(SamplesFile()).First())!.AsObject();
        json["data"]!["expiresAt"] = "2027-01-01T00:00:00";

        Assert.True(EventParser.Parse(json.ToJsonString()).IsValid);
        Assert.StartsWith("$.data.expiresAt: ", EventSchemas.FirstProblem(json.ToJsonString()), StringComparison.Ordinal);
    }

    private static string? Problems(string json)
    {
        var parsed = EventParser.Parse(json);
        if (!parsed.IsValid) return "parser: " + parsed.Rejection;
        return EventSchemas.FirstProblem(json) is { } problem ? "schema: " + problem : null;
    }

    private static JsonSchema Schema(string type) => EventSchemas.ByType[type];

    private static string Type(string json) => JsonNode.Parse(json)!["type"]!.GetValue<string>();

    private static string SamplesFile() => Path.Combine(RepoRoot.Path, "samples", "demo", "events.jsonl");

    /// <summary>Every example event in the repo: samples/**/*.jsonl, the ```json blocks of docs/events.md, the test harness's events.</summary>
    private static IEnumerable<(string Name, string Json)> Examples()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Path, "samples"), "*.jsonl", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                if (lines[i].Trim().Length > 0) yield return ($"{Path.GetRelativePath(RepoRoot.Path, file)}:{i + 1}", lines[i]);
        }
        var docs = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "events.md"));
        var block = 0;
        foreach (Match m in Regex.Matches(docs, "```json\n(.*?)```", RegexOptions.Singleline))
            yield return ($"docs/events.md json block {++block}", m.Groups[1].Value);
        using var cli = new CliHarness("UseDevelopmentStorage=true");
        foreach (var e in JsonNode.Parse(File.ReadAllText(cli.WriteIssuedEvents("test:harness")))!.AsArray())
            yield return ("CliHarness.WriteIssuedEvents", e!.ToJsonString());
    }
}
