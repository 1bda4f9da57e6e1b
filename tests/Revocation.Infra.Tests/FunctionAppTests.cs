using System.Text.Json;

namespace Revocation.Infra.Tests;

public sealed class FunctionAppTests
{
    private static ArmResource Site => ArmTemplate.Main.Single("Microsoft.Web/sites");

    [Fact]
    public void Runtime_Compiled_IsDotnetIsolated10()
    {
        Assert.Equal("dotnet-isolated", Site.At("properties.functionAppConfig.runtime.name")?.GetString());
        Assert.Equal("10.0", Site.At("properties.functionAppConfig.runtime.version")?.GetString());
    }

    [Fact]
    public void Kind_Compiled_IsLinuxFunctionApp()
    {
        Assert.Equal("functionapp,linux", Site.At("kind")?.GetString());
    }

    [Fact]
    public void Plan_Compiled_IsFlexConsumptionLinux()
    {
        var plan = ArmTemplate.Main.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.At("sku.name")?.GetString());
        Assert.Equal("FlexConsumption", plan.At("sku.tier")?.GetString());
        Assert.Equal(JsonValueKind.True, plan.At("properties.reserved")?.ValueKind);
    }

    [Fact]
    public void SiteConfig_Compiled_AlwaysOnOffHttpsOnlyFtpsDisabledTls12()
    {
        Assert.Equal(JsonValueKind.False, Site.At("properties.siteConfig.alwaysOn")?.ValueKind);
        Assert.Equal(JsonValueKind.True, Site.At("properties.httpsOnly")?.ValueKind);
        Assert.Equal("Disabled", Site.At("properties.siteConfig.ftpsState")?.GetString());
        Assert.Equal("1.2", Site.At("properties.siteConfig.minTlsVersion")?.GetString());
    }

    [Fact]
    public void SiteConfig_Compiled_NoLinuxFxVersionOnFlex()
    {
        Assert.Null(Site.At("properties.siteConfig.linuxFxVersion"));
    }

    [Fact]
    public void Deployment_Compiled_BlobContainerWithUserAssignedIdentity()
    {
        Assert.Equal("blobContainer", Site.At("properties.functionAppConfig.deployment.storage.type")?.GetString());
        Assert.Equal(
            "UserAssignedIdentity",
            Site.At("properties.functionAppConfig.deployment.storage.authentication.type")?.GetString());
        Assert.NotNull(Site.At("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"));
        Assert.NotNull(Site.At("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB"));
    }

    [Fact]
    public void Identity_Compiled_IsUserAssignedOnly()
    {
        Assert.Equal("UserAssigned", Site.At("identity.type")?.GetString());
    }

    [Fact]
    public void Tags_Compiled_CarryAzdServiceName()
    {
        Assert.Contains("azd-service-name", Site.At("tags")?.GetRawText() ?? "", StringComparison.Ordinal);
    }
}
