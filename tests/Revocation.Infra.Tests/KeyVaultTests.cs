using System.Text.Json;

namespace Revocation.Infra.Tests;

public sealed class KeyVaultTests
{
    private static ArmResource Vault => ArmTemplate.Main.Single("Microsoft.KeyVault/vaults");

    [Fact]
    public void Authorization_Compiled_IsRbacWithoutAccessPolicies()
    {
        Assert.Equal(JsonValueKind.True, Vault.At("properties.enableRbacAuthorization")?.ValueKind);
        var policies = Vault.At("properties.accessPolicies");
        Assert.True(policies is null || policies.Value.GetArrayLength() == 0, "The vault declares access policies.");
    }

    [Fact]
    public void Deletion_Compiled_SoftDeleteAndPurgeProtection()
    {
        Assert.Equal(JsonValueKind.True, Vault.At("properties.enableSoftDelete")?.ValueKind);
        Assert.Equal(JsonValueKind.True, Vault.At("properties.enablePurgeProtection")?.ValueKind);
    }
}
