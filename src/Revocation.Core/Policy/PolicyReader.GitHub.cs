using System.Globalization;
using System.Text.Json;

namespace Revocation.Core.Policy;

/// <summary>The GitHub App fields of a provider, and fields that were removed with the reason and replacement.</summary>
internal sealed partial class PolicyReader
{
    private static readonly Dictionary<string, string> RemovedProviderFields = new(StringComparer.Ordinal)
    {
        ["appTokenRef"] = "is no longer supported: a stored installation token expires within the hour; " +
            "set appId, appPrivateKeyRef (the GitHub App's PEM private key) and installationId instead",
    };

    private static readonly string[] GitHubAppFields = ["organization", "appId", "appPrivateKeyRef", "installationId"];

    private void CheckRemoved(JsonElement provider, string at)
    {
        foreach (var (name, reason) in RemovedProviderFields)
            if (provider.TryGetProperty(name, out _)) problems.Add($"{at}.{name}: {reason}");
    }

    // pat:{id} handles (org fine-grained PATs) need all four; a github provider used only for installation or OAuth
    // tokens needs none. Which handles a provider serves is not in the policy, so the rule is all or none.
    private void CheckGitHubApp(ProviderPolicy provider, string at)
    {
        if (provider.Organization is { } org && !org.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            problems.Add($"{at}.organization: must be a GitHub organization login (letters, digits, '-')");
        bool[] present = [provider.Organization is not null, provider.AppId is not null, provider.AppPrivateKeyRef is not null, provider.InstallationId is not null];
        if (!present.Any(p => p)) return;
        for (var i = 0; i < present.Length; i++)
            if (!present[i]) problems.Add($"{at}.{GitHubAppFields[i]}: is required with {string.Join(", ", GitHubAppFields.Where((_, j) => present[j]))} (org PATs need organization, appId, appPrivateKeyRef and installationId)");
    }

    private string? AppId(JsonElement obj, string at)
    {
        if (obj.TryGetProperty("appId", out var v) && v.ValueKind == JsonValueKind.Number)
            return PositiveInteger(obj, "appId", at)?.ToString(CultureInfo.InvariantCulture);
        return Text(obj, "appId", at, required: false);
    }

    private long? PositiveInteger(JsonElement obj, string name, string at)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n > 0) return n;
        problems.Add($"{at}.{name}: must be a positive integer");
        return null;
    }
}
