using System.Text.Json;
using System.Text.RegularExpressions;

namespace Revocation.Infra.Tests;

/// <summary>
/// The template a resource sits in: its variables, its parameters' defaults, and (for a nested deployment)
/// the parameter values its parent passes, which are expressions evaluated in the parent's scope.
/// Enough to find every literal a template expression can reach, without evaluating ARM functions.
/// </summary>
internal sealed partial class ArmScope
{
    private readonly JsonElement variables;
    private readonly JsonElement parameterDefinitions;
    private readonly JsonElement parameterValues;

    public ArmScope(string path, JsonElement template, JsonElement parameterValues, ArmScope? parent)
    {
        Path = path;
        Parent = parent;
        variables = template.TryGetProperty("variables", out var v) ? v : default;
        parameterDefinitions = template.TryGetProperty("parameters", out var p) ? p : default;
        this.parameterValues = parameterValues;
    }

    public string Path { get; }

    public ArmScope? Parent { get; }

    /// <summary>
    /// Every GUID that <paramref name="value"/> can evaluate to or contain, following variables('x') and
    /// parameters('x') (into the parent's values, else the default). <paramref name="unresolved"/> lists the
    /// references that could not be followed (a parameter without value or default).
    /// </summary>
    public ISet<string> ReachableGuids(JsonElement value, out IReadOnlyList<string> unresolved)
    {
        var guids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        Collect(value, guids, missing, new HashSet<string>(StringComparer.Ordinal));
        unresolved = missing;
        return guids;
    }

    private void Collect(JsonElement value, HashSet<string> guids, List<string> missing, HashSet<string> visited)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                CollectFromString(value.GetString() ?? "", guids, missing, visited);
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    Collect(item, guids, missing, visited);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    Collect(property.Value, guids, missing, visited);
                }

                break;
            default:
                break;
        }
    }

    private void CollectFromString(string text, HashSet<string> guids, List<string> missing, HashSet<string> visited)
    {
        foreach (Match match in GuidPattern().Matches(text))
        {
            guids.Add(match.Value);
        }

        foreach (Match match in ReferencePattern().Matches(text))
        {
            var kind = match.Groups["kind"].Value;
            var name = match.Groups["name"].Value;
            if (!visited.Add($"{Path}|{kind}|{name}"))
            {
                continue;
            }

            if (kind == "variables")
            {
                if (TryGet(variables, name, out var variable))
                {
                    Collect(variable, guids, missing, visited);
                }
                else
                {
                    missing.Add($"{Path}: variables('{name}')");
                }
            }
            else if (Parent is not null && TryGet(parameterValues, name, out var passed)
                && passed.TryGetProperty("value", out var passedValue))
            {
                Parent.Collect(passedValue, guids, missing, visited);
            }
            else if (TryGet(parameterDefinitions, name, out var definition)
                && definition.TryGetProperty("defaultValue", out var defaultValue))
            {
                Collect(defaultValue, guids, missing, visited);
            }
            else
            {
                missing.Add($"{Path}: parameters('{name}')");
            }
        }
    }

    private static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        return obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value);
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"\b(?<kind>variables|parameters)\('(?<name>[^']+)'\)")]
    private static partial Regex ReferencePattern();
}
