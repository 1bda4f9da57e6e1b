using System.Text.Json;

namespace Revocation.Infra.Tests;

/// <summary>App Service authentication (Entra ID) in front of the HTTP API: off unless an app registration is given, then 401 for anything unauthenticated.</summary>
public sealed class ApiAuthenticationTests
{
    private static ArmResource AuthSettings =>
        Assert.Single(ArmTemplate.Main.OfType("Microsoft.Web/sites/config"), r => r.Name.Contains("authsettingsV2", StringComparison.Ordinal));

    [Fact]
    public void AuthSettings_Compiled_OnlyWhenAnAppRegistrationIsGiven()
    {
        Assert.Equal("[not(empty(parameters('apiAuthClientId')))]", AuthSettings.At("condition")?.GetString());
        var main = ArmTemplate.Main.Root.GetProperty("parameters");
        Assert.Equal("", main.GetProperty("apiAuthClientId").GetProperty("defaultValue").GetString());
    }

    [Fact]
    public void AuthSettings_Compiled_RequireAuthenticationAndAnswer401()
    {
        Assert.Equal(JsonValueKind.True, AuthSettings.At("properties.platform.enabled")?.ValueKind);
        Assert.Equal(JsonValueKind.True, AuthSettings.At("properties.globalValidation.requireAuthentication")?.ValueKind);
        Assert.Equal("Return401", AuthSettings.At("properties.globalValidation.unauthenticatedClientAction")?.GetString());
        Assert.Equal(JsonValueKind.True, AuthSettings.At("properties.httpSettings.requireHttps")?.ValueKind);
    }

    [Fact]
    public void AuthSettings_Compiled_SignalsExcluded_PartnersInOtherTenantsAuthenticateBySignature()
    {
        var excluded = AuthSettings.At("properties.globalValidation.excludedPaths");
        Assert.NotNull(excluded);
        Assert.Equal(["/api/signals"], excluded.Value.EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public void AuthSettings_Compiled_EntraIdIssuerFromTheEnvironmentAndAudienceOfTheRegistration()
    {
        var aad = AuthSettings.At("properties.identityProviders.azureActiveDirectory")!.Value;
        Assert.True(aad.GetProperty("enabled").GetBoolean());
        Assert.Equal("[parameters('apiAuthClientId')]", aad.GetProperty("registration").GetProperty("clientId").GetString());
        var issuer = aad.GetProperty("registration").GetProperty("openIdIssuer").GetString()!;
        Assert.Contains("environment().authentication.loginEndpoint", issuer, StringComparison.Ordinal);
        Assert.Contains("tenant().tenantId", issuer, StringComparison.Ordinal);
        var audiences = aad.GetProperty("validation").GetProperty("allowedAudiences").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains("[parameters('apiAuthClientId')]", audiences);
        Assert.Equal("[parameters('apiAuthAllowedApplications')]",
            aad.GetProperty("validation").GetProperty("defaultAuthorizationPolicy").GetProperty("allowedApplications").GetString());
    }
}
