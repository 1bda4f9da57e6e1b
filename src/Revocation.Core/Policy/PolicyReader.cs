using System.Text.Json;

namespace Revocation.Core.Policy;

/// <summary>Reads the sections of a policy file, recording each problem with its JSON path.</summary>
internal sealed partial class PolicyReader(List<string> problems)
{
    private static readonly string[] ProviderFields =
        ["kind", "revocationEndpoint", "introspectionEndpoint", "clientId", "clientSecretRef", "tokenTypeHint", "clientAuthMethod",
         "baseAddress", "organization", "appId", "appPrivateKeyRef", "installationId", "url", "signingSecretRef", "timeout",
         "inventoryUrl",
         "appTokenRef"]; // removed: reported by CheckRemoved with its replacement, not as unknown

    private static readonly string[] ClassFields =
        ["owner", "provider", "maxTtl", "idleTimeout", "requireOwner", "requireApproval", "transfer", "onOwnerOffboarded"];

    public Dictionary<string, ProviderPolicy> ReadProviders(JsonElement root, string path)
    {
        var result = new Dictionary<string, ProviderPolicy>(StringComparer.Ordinal);
        if (!Section(root, "providers", path, out var section)) return result;
        foreach (var p in section.EnumerateObject())
        {
            var at = $"{path}['{p.Name}']";
            if (p.Value.ValueKind != JsonValueKind.Object) { problems.Add($"{at}: must be an object"); continue; }
            CheckKnown(p.Value, at, ProviderFields);
            var kind = Text(p.Value, "kind", at, required: true);
            if (kind is not null && !PolicyLoader.ProviderKinds.Contains(kind))
                problems.Add($"{at}.kind: '{kind}' is not one of {string.Join(", ", PolicyLoader.ProviderKinds)}");
            var provider = new ProviderPolicy
            {
                Name = p.Name,
                Kind = kind ?? "",
                RevocationEndpoint = Url(p.Value, "revocationEndpoint", at, required: kind == "oauth2"),
                IntrospectionEndpoint = Url(p.Value, "introspectionEndpoint", at, required: false),
                ClientId = Text(p.Value, "clientId", at, required: kind == "oauth2"),
                ClientSecretRef = SecretRef(p.Value, "clientSecretRef", at, required: kind == "oauth2"),
                TokenTypeHint = OneOf(p.Value, "tokenTypeHint", at, ["access_token", "refresh_token"]),
                ClientAuthMethod = OneOf(p.Value, "clientAuthMethod", at, ["client_secret_basic", "client_secret_post"]),
                BaseAddress = Url(p.Value, "baseAddress", at, required: false),
                Organization = Text(p.Value, "organization", at, required: false),
                AppId = AppId(p.Value, at),
                AppPrivateKeyRef = SecretRef(p.Value, "appPrivateKeyRef", at, required: false),
                InstallationId = PositiveInteger(p.Value, "installationId", at),
                Url = Url(p.Value, "url", at, required: kind == "webhook"),
                SigningSecretRef = SecretRef(p.Value, "signingSecretRef", at, required: kind == "webhook"),
                InventoryUrl = Url(p.Value, "inventoryUrl", at, required: false),
                Timeout = Duration(p.Value, "timeout", at) ?? TimeSpan.FromSeconds(30),
            };
            CheckRemoved(p.Value, at);
            if (kind == "github") CheckGitHubApp(provider, at);
            if (provider.Timeout < TimeSpan.FromSeconds(1) || provider.Timeout > TimeSpan.FromMinutes(5))
                problems.Add($"{at}.timeout: must be between PT1S and PT5M");
            result[p.Name] = provider;
        }
        return result;
    }

    public Dictionary<string, ClassPolicy> ReadClasses(JsonElement root, string path, Dictionary<string, ProviderPolicy> providers)
    {
        var result = new Dictionary<string, ClassPolicy>(StringComparer.Ordinal);
        if (!Section(root, "classes", path, out var section)) return result;
        foreach (var c in section.EnumerateObject())
        {
            var at = $"{path}['{c.Name}']";
            if (c.Value.ValueKind != JsonValueKind.Object) { problems.Add($"{at}: must be an object"); continue; }
            CheckKnown(c.Value, at, ClassFields);
            var provider = Text(c.Value, "provider", at, required: true);
            if (provider is not null && !providers.ContainsKey(provider))
                problems.Add($"{at}.provider: '{provider}' is not defined in $.providers");
            result[c.Name] = new ClassPolicy
            {
                Name = c.Name,
                Owner = Text(c.Value, "owner", at, required: true) ?? "",
                Provider = provider ?? "",
                MaxTtl = Duration(c.Value, "maxTtl", at),
                IdleTimeout = Duration(c.Value, "idleTimeout", at),
                RequireOwner = Bool(c.Value, "requireOwner", at) ?? true,
                RequireApproval = Bool(c.Value, "requireApproval", at) ?? false,
                TransferAllowedSources = Transfer(c.Value, at),
                OnOwnerOffboarded = OnOffboarded(c.Value, at),
            };
        }
        return result;
    }

    public SweepPolicy ReadSweep(JsonElement root, string path)
    {
        if (!root.TryGetProperty("sweep", out var s)) return new SweepPolicy();
        if (s.ValueKind != JsonValueKind.Object) { problems.Add($"{path}: must be an object"); return new SweepPolicy(); }
        CheckKnown(s, path, ["maxRevocationsPerRun", "maxRevokedFraction"]);
        var policy = new SweepPolicy();
        if (s.TryGetProperty("maxRevocationsPerRun", out var max))
        {
            if (max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out var n) && n is >= 1 and <= 100_000)
                policy = policy with { MaxRevocationsPerRun = n };
            else problems.Add($"{path}.maxRevocationsPerRun: must be an integer from 1 to 100000");
        }
        if (s.TryGetProperty("maxRevokedFraction", out var frac))
        {
            if (frac.ValueKind == JsonValueKind.Number && frac.GetDouble() is > 0 and <= 1)
                policy = policy with { MaxRevokedFraction = frac.GetDouble() };
            else problems.Add($"{path}.maxRevokedFraction: must be a number greater than 0 and at most 1");
        }
        return policy;
    }

    public void CheckKnown(JsonElement obj, string path, IReadOnlyCollection<string> known)
    {
        foreach (var p in obj.EnumerateObject())
            if (!known.Contains(p.Name)) problems.Add($"{path}.{p.Name}: unknown property");
    }
}
