using System.Text.RegularExpressions;

namespace Revocation.Infra.Tests;

public sealed partial class TemplateOutputTests
{
    [Fact]
    public void Outputs_MainTemplate_NameWhatAzdAndTheDocsNeed()
    {
        var names = ArmTemplate.Main.Outputs.Where(o => o.TemplatePath == "main").Select(o => o.Name).ToList();
        Assert.Contains("AZURE_RESOURCE_GROUP", names);
        Assert.Contains("AZURE_FUNCTION_APP_NAME", names);
        Assert.Contains("AZURE_STORAGE_ACCOUNT_NAME", names);
        Assert.Contains("AZURE_STORAGE_QUEUE_SERVICE_URI", names);
        Assert.Contains("AZURE_KEY_VAULT_URI", names);
        Assert.Contains("AZURE_IDENTITY_CLIENT_ID", names);
        Assert.Contains("APPLICATIONINSIGHTS_NAME", names);
    }

    [Fact]
    public void Outputs_EveryTemplate_NoNameLooksLikeASecret()
    {
        Assert.NotEmpty(ArmTemplate.Main.Outputs);
        foreach (var output in ArmTemplate.Main.Outputs)
        {
            var normalized = NonAlphanumeric().Replace(output.Name, "").ToUpperInvariant();
            Assert.False(SecretName().IsMatch(normalized), $"{output} has a secret-looking name.");
        }
    }

    [Fact]
    public void Outputs_EveryTemplate_NoValueReadsASecret()
    {
        foreach (var output in ArmTemplate.Main.Outputs)
        {
            Assert.False(SecretValue().IsMatch(output.ValueText), $"{output} reads a secret: {output.ValueText}");
            Assert.DoesNotContain("secure", output.OutputType, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Names such as ACCOUNTKEY, STORAGE_KEYS, ..._SECRET, PASSWORD, CONNECTIONSTRING, SAS_TOKEN.
    /// A name merely starting with KEY (KEY_VAULT_URI) is fine.</summary>
    [GeneratedRegex("SECRET|PASSWORD|PASSWD|PWD|CONNECTIONSTRING|CONNSTR|INSTRUMENTATIONKEY|ACCESSKEY|ACCOUNTKEY|APIKEY|PRIMARYKEY|SECONDARYKEY|SAS|TOKEN|CREDENTIAL|KEYS?$")]
    private static partial Regex SecretName();

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NonAlphanumeric();

    /// <summary>list*() functions (listKeys, listAccountSas, listSecrets, ...) and secret properties.</summary>
    [GeneratedRegex(@"\blist[A-Za-z]*\(|ConnectionString|InstrumentationKey|primaryKey|secondaryKey|AccountKey=|SharedAccessSignature|secretValue", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();
}
