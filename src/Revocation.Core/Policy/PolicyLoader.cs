using System.Text.Json;

namespace Revocation.Core.Policy;

/// <summary>
/// Loads and validates <c>policies.json</c> (contracts §2). Collects every problem with its JSON path and throws
/// one <see cref="PolicyValidationException"/>, so a bad file stops the start with one actionable message.
/// </summary>
public static class PolicyLoader
{
    public static readonly IReadOnlyList<string> ProviderKinds = ["oauth2", "graph", "github", "webhook"];

    public static PolicyDocument LoadFile(string path)
    {
        if (!File.Exists(path))
            throw new PolicyValidationException(path, [$"file not found (set REVOCATION_POLICIES / Revocation__PolicyFile or --policies)"]);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Loads a policy that a host will run with: valid, and with at least one class (a policy without classes governs
    /// nothing, which is what an unedited placeholder looks like). The Functions app's start, <c>revctl policy validate</c>
    /// and <c>revctl doctor</c> use this rule.
    /// </summary>
    public static PolicyDocument LoadGoverning(string path)
    {
        var policy = LoadFile(path);
        if (policy.Classes.Count == 0)
            throw new PolicyValidationException(path, ["$.classes: the policy defines no token classes, so nothing would be governed"]);
        return policy;
    }

    public static PolicyDocument Parse(string json, string source = "policies.json")
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new PolicyValidationException(source, [$"$: not valid JSON ({e.Message})"]);
        }
        using (doc)
        {
            var problems = new List<string>();
            var reader = new PolicyReader(problems);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new PolicyValidationException(source, ["$: must be an object"]);
            reader.CheckKnown(root, "$", ["$schema", "providers", "classes", "sweep", "discovery", "transmitters"]);
            var providers = reader.ReadProviders(root, "$.providers");
            var classes = reader.ReadClasses(root, "$.classes", providers);
            var sweep = reader.ReadSweep(root, "$.sweep");
            var discovery = reader.ReadDiscovery(root, "$.discovery", providers, classes);
            var transmitters = reader.ReadTransmitters(root, "$.transmitters");
            if (problems.Count > 0) throw new PolicyValidationException(source, problems);
            return new PolicyDocument(providers, classes, sweep) { Discovery = discovery, Transmitters = transmitters };
        }
    }
}
