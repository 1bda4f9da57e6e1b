using System.Diagnostics;
using System.Text.Json;

namespace Revocation.Infra.Tests;

/// <summary>
/// The ARM JSON compiled from infra/main.bicep, with the resources and outputs of every nested deployment
/// (Bicep modules) flattened. Resource collections may be arrays or, with languageVersion 2.0, objects keyed
/// by symbolic name: both are read.
/// </summary>
internal sealed class ArmTemplate
{
    private const string DeploymentType = "Microsoft.Resources/deployments";

    private static readonly Lazy<ArmTemplate> Compiled = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private ArmTemplate(JsonElement root)
    {
        Root = root;
        var resources = new List<ArmResource>();
        var outputs = new List<ArmOutput>();
        Walk(root, "main", default, null, resources, outputs);
        Resources = resources;
        Outputs = outputs;
    }

    /// <summary>The compiled main template, built by scripts/bicep.sh when missing or stale.</summary>
    public static ArmTemplate Main => Compiled.Value;

    public JsonElement Root { get; }

    public IReadOnlyList<ArmResource> Resources { get; }

    public IReadOnlyList<ArmOutput> Outputs { get; }

    public IReadOnlyList<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    public ArmResource Single(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}.");
        return matches[0];
    }

    private static void Walk(
        JsonElement template,
        string path,
        JsonElement parameterValues,
        ArmScope? parent,
        List<ArmResource> resources,
        List<ArmOutput> outputs)
    {
        var scope = new ArmScope(path, template, parameterValues, parent);
        foreach (var resource in Enumerate(template, "resources"))
        {
            var type = resource.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            var item = new ArmResource(type, resource, scope);
            resources.Add(item);
            if (type == DeploymentType && item.At("properties.template") is { } nested)
            {
                var values = item.At("properties.parameters") ?? default;
                Walk(nested, $"{path}/{item.Name}", values, scope, resources, outputs);
            }
        }

        if (template.TryGetProperty("outputs", out var templateOutputs) && templateOutputs.ValueKind == JsonValueKind.Object)
        {
            outputs.AddRange(templateOutputs.EnumerateObject().Select(o => new ArmOutput(o.Name, o.Value, path)));
        }
    }

    private static List<JsonElement> Enumerate(JsonElement template, string property)
    {
        if (!template.TryGetProperty(property, out var collection))
        {
            return [];
        }

        return collection.ValueKind switch
        {
            JsonValueKind.Array => collection.EnumerateArray().ToList(),
            JsonValueKind.Object => collection.EnumerateObject().Select(p => p.Value).ToList(),
            _ => [],
        };
    }

    private static ArmTemplate Load()
    {
        var compiled = RepositoryRoot.Combine("artifacts", "infra", "main.json");
        if (IsMissingOrStale(compiled))
        {
            RunBicepScript();
        }

        Assert.True(File.Exists(compiled), $"{compiled} is missing: run scripts/bicep.sh.");
        using var stream = File.OpenRead(compiled);
        using var document = JsonDocument.Parse(stream);
        return new ArmTemplate(document.RootElement.Clone());
    }

    private static bool IsMissingOrStale(string compiled)
    {
        if (!File.Exists(compiled))
        {
            return true;
        }

        var builtAt = File.GetLastWriteTimeUtc(compiled);
        var sources = Directory.EnumerateFiles(RepositoryRoot.Combine("infra"), "*.bicep", SearchOption.AllDirectories)
            .Append(RepositoryRoot.Combine("bicepconfig.json"));
        return sources.Any(source => File.Exists(source) && File.GetLastWriteTimeUtc(source) > builtAt);
    }

    private static void RunBicepScript()
    {
        var start = new ProcessStartInfo("bash", [RepositoryRoot.Combine("scripts", "bicep.sh")])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("scripts/bicep.sh did not finish within 5 minutes.");
        }

        Assert.True(
            process.ExitCode == 0,
            $"scripts/bicep.sh failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
    }
}
