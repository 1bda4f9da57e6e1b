using System.Globalization;
using System.Text.Json;

namespace Revocation.Core.Policy;

/// <summary>The scalar readers of <see cref="PolicyReader"/>: each records a problem with its path and returns null.</summary>
internal sealed partial class PolicyReader
{
    private bool Section(JsonElement root, string name, string path, out JsonElement section)
    {
        if (!root.TryGetProperty(name, out section)) { problems.Add($"{path}: is required"); return false; }
        if (section.ValueKind == JsonValueKind.Object) return true;
        problems.Add($"{path}: must be an object");
        return false;
    }

    private List<string>? Transfer(JsonElement cls, string at)
    {
        if (!cls.TryGetProperty("transfer", out var t) || t.ValueKind == JsonValueKind.Null) return null;
        if (t.ValueKind != JsonValueKind.Object || !t.TryGetProperty("allowedSources", out var sources) || sources.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{at}.transfer.allowedSources: must be an array of source URIs");
            return null;
        }
        CheckKnown(t, $"{at}.transfer", ["allowedSources"]);
        var list = new List<string>();
        var i = 0;
        foreach (var s in sources.EnumerateArray())
        {
            if (s.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(s.GetString())) list.Add(s.GetString()!);
            else problems.Add($"{at}.transfer.allowedSources[{i}]: must be a non-empty string");
            i++;
        }
        return list;
    }

    private OffboardAction OnOffboarded(JsonElement cls, string at) =>
        OneOf(cls, "onOwnerOffboarded", at, ["revoke", "reassign-to-class-owner", "reassign-to-successor"]) switch
        {
            "reassign-to-class-owner" => OffboardAction.ReassignToClassOwner,
            "reassign-to-successor" => OffboardAction.ReassignToSuccessor,
            _ => OffboardAction.Revoke,
        };

    private string? Text(JsonElement obj, string name, string at, bool required)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) problems.Add($"{at}.{name}: is required");
            return null;
        }
        if (v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())) return v.GetString();
        problems.Add($"{at}.{name}: must be a non-empty string");
        return null;
    }

    private string? OneOf(JsonElement obj, string name, string at, string[] allowed)
    {
        var value = Text(obj, name, at, required: false);
        if (value is null || allowed.Contains(value)) return value;
        problems.Add($"{at}.{name}: '{value}' is not one of {string.Join(", ", allowed)}");
        return null;
    }

    private string? SecretRef(JsonElement obj, string name, string at, bool required)
    {
        var value = Text(obj, name, at, required);
        if (value is null || value.StartsWith("env:", StringComparison.Ordinal) || value.StartsWith("local:", StringComparison.Ordinal) ||
            value.StartsWith("https://", StringComparison.Ordinal))
            return value;
        problems.Add($"{at}.{name}: must be a secret reference (env:NAME, a Key Vault secret URI, or local:NAME)");
        return null;
    }

    private Uri? Url(JsonElement obj, string name, string at, bool required)
    {
        var value = Text(obj, name, at, required);
        if (value is null) return null;
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback)) return uri;
        problems.Add($"{at}.{name}: must be an absolute https URL (http only on loopback)");
        return null;
    }

    private TimeSpan? Duration(JsonElement obj, string name, string at)
    {
        var value = Text(obj, name, at, required: false);
        if (value is null) return null;
        if (IsoDuration.TryParse(value, out var d)) return d;
        problems.Add($"{at}.{name}: '{value}' is not a positive ISO 8601 duration such as PT1H or P7D");
        return null;
    }

    private bool? Bool(JsonElement obj, string name, string at)
    {
        if (!obj.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        problems.Add(string.Create(CultureInfo.InvariantCulture, $"{at}.{name}: must be true or false"));
        return null;
    }
}
