using System.Text.Json;

namespace Revocation.Infra.Tests;

public sealed class StorageAccountTests
{
    private static ArmResource Account => ArmTemplate.Main.Single("Microsoft.Storage/storageAccounts");

    [Fact]
    public void Properties_Compiled_SharedKeyAccessIsOff()
    {
        Assert.Equal(JsonValueKind.False, Account.At("properties.allowSharedKeyAccess")?.ValueKind);
    }

    [Fact]
    public void Properties_Compiled_DefaultToOAuthAuthentication()
    {
        Assert.Equal(JsonValueKind.True, Account.At("properties.defaultToOAuthAuthentication")?.ValueKind);
    }

    [Fact]
    public void Properties_Compiled_RequireTls12AndHttps()
    {
        Assert.Equal("TLS1_2", Account.At("properties.minimumTlsVersion")?.GetString());
        Assert.Equal(JsonValueKind.True, Account.At("properties.supportsHttpsTrafficOnly")?.ValueKind);
    }

    [Fact]
    public void Properties_Compiled_NoPublicBlobAccess()
    {
        Assert.Equal(JsonValueKind.False, Account.At("properties.allowBlobPublicAccess")?.ValueKind);
        foreach (var container in ArmTemplate.Main.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"))
        {
            var access = container.At("properties.publicAccess")?.GetString() ?? "None";
            Assert.True(access == "None", $"{container} has public access {access}.");
        }
    }

    [Theory]
    [InlineData("token-events")]
    [InlineData("identity-events")]
    [InlineData("revocations")]
    public void Queues_Compiled_IntakeQueueAndItsPoisonQueueDeclared(string queue)
    {
        var queues = QueueNames();
        Assert.Contains(queue, queues);
        Assert.Contains($"{queue}-poison", queues);
        Assert.NotEmpty(ArmTemplate.Main.OfType("Microsoft.Storage/storageAccounts/queueServices/queues"));
    }

    [Theory]
    [InlineData("ledger")]
    [InlineData("dueindex")]
    [InlineData("personindex")]
    [InlineData("people")]
    [InlineData("rejections")]
    [InlineData("sweeps")]
    [InlineData("denials")]
    [InlineData("posture")]
    public void Tables_Compiled_TableDeclared(string table)
    {
        Assert.Contains(table, StringLiterals(ArmTemplate.Main.Root.GetProperty("variables")));
        Assert.NotEmpty(ArmTemplate.Main.OfType("Microsoft.Storage/storageAccounts/tableServices/tables"));
    }

    [Fact]
    public void DeploymentContainer_Compiled_Declared()
    {
        Assert.NotEmpty(ArmTemplate.Main.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"));
    }

    /// <summary>
    /// Queue names as deployed: main.bicep lists the intake queues and derives each poison queue with
    /// map(q => '${q}-poison'), which compiles to a lambda; expand that one pattern here.
    /// </summary>
    private static HashSet<string> QueueNames()
    {
        var variables = ArmTemplate.Main.Root.GetProperty("variables");
        var names = StringLiterals(variables.GetProperty("intakeQueueNames")).ToHashSet(StringComparer.Ordinal);
        var queueNames = variables.GetProperty("queueNames").GetString() ?? "";
        if (queueNames.Contains("-poison", StringComparison.Ordinal))
        {
            names.UnionWith(names.Select(n => $"{n}-poison").ToList());
        }

        return names;
    }

    private static IEnumerable<string> StringLiterals(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString() ?? ""],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(StringLiterals),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => StringLiterals(p.Value)),
        _ => [],
    };
}
