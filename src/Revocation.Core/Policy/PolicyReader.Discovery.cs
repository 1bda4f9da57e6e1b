using System.Text.Json;

namespace Revocation.Core.Policy;

/// <summary>The <c>discovery</c> section of <see cref="PolicyReader"/> (contracts §7).</summary>
internal sealed partial class PolicyReader
{
    private static readonly string[] ListableKinds = ["graph", "github", "webhook"];

    public DiscoveryPolicy ReadDiscovery(
        JsonElement root, string path, Dictionary<string, ProviderPolicy> providers, Dictionary<string, ClassPolicy> classes)
    {
        if (!root.TryGetProperty("discovery", out var d)) return DiscoveryPolicy.None;
        if (d.ValueKind != JsonValueKind.Object) { problems.Add($"{path}: must be an object"); return DiscoveryPolicy.None; }
        CheckKnown(d, path, ["providers", "rules", "unmatched"]);
        var listed = new List<string>();
        var i = 0;
        foreach (var p in Array(d, "providers", path))
        {
            var at = $"{path}.providers[{i++}]";
            var name = p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            if (name is null || !providers.TryGetValue(name, out var provider)) problems.Add($"{at}: must name a provider defined in $.providers");
            else if (!ListableKinds.Contains(provider.Kind)) problems.Add($"{at}: provider '{name}' is of kind '{provider.Kind}', which cannot list its credentials");
            else if (listed.Contains(name)) problems.Add($"{at}: '{name}' is listed twice");
            else listed.Add(name);
        }
        var rules = new List<DiscoveryRule>();
        i = 0;
        foreach (var r in Array(d, "rules", path))
        {
            var at = $"{path}.rules[{i++}]";
            if (r.ValueKind != JsonValueKind.Object) { problems.Add($"{at}: must be an object"); continue; }
            CheckKnown(r, at, ["provider", "container", "namePattern", "kind", "class"]);
            var provider = Text(r, "provider", at, required: true);
            if (provider is not null && !listed.Contains(provider)) problems.Add($"{at}.provider: '{provider}' is not in {path}.providers");
            var cls = ClassFor(r, "class", at, provider, classes);
            if (provider is null || cls is null) continue;
            rules.Add(new DiscoveryRule
            {
                Provider = provider, Class = cls, Container = Text(r, "container", at, false),
                NamePattern = Text(r, "namePattern", at, false), Kind = Text(r, "kind", at, false),
            });
        }
        return new DiscoveryPolicy { Providers = listed, Rules = rules, Unmatched = ReadUnmatched(d, $"{path}.unmatched", listed, classes) };
    }

    private UnmatchedPolicy ReadUnmatched(JsonElement d, string at, List<string> listed, Dictionary<string, ClassPolicy> classes)
    {
        var hasSection = d.TryGetProperty("unmatched", out var u);
        if (hasSection && u.ValueKind != JsonValueKind.Object) { problems.Add($"{at}: must be an object"); return new UnmatchedPolicy(); }
        if (hasSection) CheckKnown(u, at, ["action", "gracePeriod", "classes"]);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (hasSection && u.TryGetProperty("classes", out var c) && c.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in c.EnumerateObject())
            {
                seen.Add(p.Name);
                if (!listed.Contains(p.Name)) problems.Add($"{at}.classes['{p.Name}']: '{p.Name}' is not in $.discovery.providers");
                if (ClassFor(c, p.Name, $"{at}.classes", p.Name, classes) is { } cls) map[p.Name] = cls;
            }
        }
        else if (hasSection && u.TryGetProperty("classes", out _)) problems.Add($"{at}.classes: must be an object");
        foreach (var name in listed.Where(n => !seen.Contains(n)))
            problems.Add($"{at}.classes['{name}']: is required: the class that governs what no rule matches at provider '{name}'");
        return new UnmatchedPolicy
        {
            Action = hasSection ? OneOf(u, "action", at, [UnmatchedPolicy.Flag, UnmatchedPolicy.Revoke]) ?? UnmatchedPolicy.Flag : UnmatchedPolicy.Flag,
            GracePeriod = hasSection ? Duration(u, "gracePeriod", at) ?? TimeSpan.FromDays(7) : TimeSpan.FromDays(7),
            Classes = map,
        };
    }

    /// <summary>A class name that exists and whose provider is <paramref name="provider"/> (so its revocations go there).</summary>
    private string? ClassFor(JsonElement obj, string name, string at, string? provider, Dictionary<string, ClassPolicy> classes)
    {
        var cls = Text(obj, name, at, required: true);
        if (cls is null) return null;
        var field = name == "class" ? $"{at}.class" : $"{at}['{name}']";
        if (!classes.TryGetValue(cls, out var c)) { problems.Add($"{field}: '{cls}' is not defined in $.classes"); return null; }
        if (provider is not null && c.Provider != provider)
        {
            problems.Add($"{field}: class '{cls}' revokes through provider '{c.Provider}', not '{provider}'");
            return null;
        }
        return cls;
    }

    private List<JsonElement> Array(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var a)) return [];
        if (a.ValueKind == JsonValueKind.Array) return a.EnumerateArray().ToList();
        problems.Add($"{path}.{name}: must be an array");
        return [];
    }
}
