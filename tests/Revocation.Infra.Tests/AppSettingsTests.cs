using System.Text.Json;

namespace Revocation.Infra.Tests;

public sealed class AppSettingsTests
{
    /// <summary>
    /// Keys of local.settings.sample.json (exactly, or as the section of <c>Key__...</c> keys) that are
    /// local-only and deliberately absent from the Bicep:
    /// <list type="bullet">
    /// <item>FUNCTIONS_WORKER_RUNTIME — on Flex Consumption the runtime is functionAppConfig.runtime and the
    /// setting must not be set (the platform rejects it).</item>
    /// <item>Revocation__AllowLocalSecrets and LocalSecrets — the dev-only <c>local:</c> secret store
    /// (Revocation.Secrets); in Azure secrets live in Key Vault and the local store must stay off.</item>
    /// <item>Revocation__Retry — optional tunables (MaxAttempts, BaseDelay, MaxDelay) whose defaults live on the
    /// options class; set them in Azure only to override (docs/deploy.md, "Optional settings").</item>
    /// </list>
    /// </summary>
    private static readonly HashSet<string> LocalOnlyKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "FUNCTIONS_WORKER_RUNTIME",
        "Revocation__AllowLocalSecrets",
        "LocalSecrets",
        "Revocation__Retry",
    };

    [Fact]
    public void AppSettings_Compiled_AreDeclared()
    {
        Assert.NotEmpty(BicepSettings());
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    public void AppSettings_FlexConsumption_DoNotSetForbiddenSetting(string name)
    {
        Assert.DoesNotContain(name, BicepSettings().Keys, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void AppSettings_Compiled_HoldNoKeyOrConnectionStringWithKey()
    {
        foreach (var (name, value) in BicepSettings())
        {
            Assert.DoesNotContain("AccountKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys(", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", value, StringComparison.OrdinalIgnoreCase);
            Assert.False(
                name.EndsWith("__credential", StringComparison.OrdinalIgnoreCase) && value != "managedidentity",
                $"{name} must be managedidentity, is {value}.");
        }
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("RevocationStorage")]
    [InlineData("KeyVault")]
    [InlineData("Graph")]
    public void AppSettings_IdentityConnection_UsesTheUserAssignedIdentity(string connection)
    {
        var settings = BicepSettings();
        Assert.Equal("managedidentity", settings.GetValueOrDefault($"{connection}__credential"));
        Assert.Contains(
            "identityClientId",
            settings.GetValueOrDefault($"{connection}__clientId") ?? "",
            StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_ApplicationInsights_UseEntraIdAuthentication()
    {
        var settings = BicepSettings();
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings.Keys);
        var authentication = settings.GetValueOrDefault("APPLICATIONINSIGHTS_AUTHENTICATION_STRING") ?? "";
        Assert.Contains("ClientId=", authentication, StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", authentication, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_LocalSettingsSample_EveryKeyIsSetByBicep()
    {
        var bicep = BicepSettings().Keys.ToList();
        var missing = SampleKeys()
            .Where(key => !LocalOnlyKeys.Any(local =>
                string.Equals(key, local, StringComparison.OrdinalIgnoreCase)
                || key.StartsWith(local + "__", StringComparison.OrdinalIgnoreCase)))
            .Where(key => !bicep.Any(b =>
                string.Equals(b, key, StringComparison.OrdinalIgnoreCase)
                || b.StartsWith(key + "__", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        Assert.True(
            missing.Count == 0,
            $"local.settings.sample.json keys not set by infra/modules (nor listed as local-only): {string.Join(", ", missing)}.");
    }

    private static List<string> SampleKeys()
    {
        var path = RepositoryRoot.Combine("local.settings.sample.json");
        Assert.True(File.Exists(path), $"{path} is missing.");
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        using var document = JsonDocument.Parse(File.ReadAllText(path), options);
        Assert.True(document.RootElement.TryGetProperty("Values", out var values), "local.settings.sample.json has no Values.");
        var keys = values.EnumerateObject().Select(p => p.Name).ToList();
        Assert.NotEmpty(keys);
        return keys;
    }

    /// <summary>
    /// App settings as compiled: a Microsoft.Web/sites/config 'appsettings' resource (an object of
    /// name: value) and/or siteConfig.appSettings on the site (an array of { name, value }).
    /// Values are raw ARM text (literals or expressions).
    /// </summary>
    private static Dictionary<string, string> BicepSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var config in ArmTemplate.Main.OfType("Microsoft.Web/sites/config"))
        {
            if (config.Name.Contains("appsettings", StringComparison.OrdinalIgnoreCase)
                && config.Properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var setting in config.Properties.EnumerateObject())
                {
                    settings[setting.Name] = Text(setting.Value);
                }
            }
        }

        foreach (var site in ArmTemplate.Main.OfType("Microsoft.Web/sites"))
        {
            if (site.At("properties.siteConfig.appSettings") is { ValueKind: JsonValueKind.Array } array)
            {
                foreach (var setting in array.EnumerateArray())
                {
                    var name = setting.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                    settings[name] = setting.TryGetProperty("value", out var v) ? Text(v) : "";
                }
            }
        }

        return settings;
    }

    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
}
