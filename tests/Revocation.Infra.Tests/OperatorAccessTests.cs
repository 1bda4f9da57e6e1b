using System.Text.Json;

namespace Revocation.Infra.Tests;

/// <summary>
/// The data roles people get on the storage account for revctl (docs/deploy.md): operators Table and Queue Data
/// Contributor, auditors Table and Queue Data Reader, one assignment per object id in main.bicep's
/// operatorPrincipalIds / auditorPrincipalIds (copy count = the list's length, so none for an empty list).
/// </summary>
public sealed class OperatorAccessTests
{
    private const string TableContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string QueueContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableReader = "76199698-9eea-4c19-bc75-cec21354c6b6";
    private const string QueueReader = "19e7f393-937e-4f77-808e-94535e297925";

    [Theory]
    [InlineData("operatorPrincipalIds", TableContributor, QueueContributor)]
    [InlineData("auditorPrincipalIds", TableReader, QueueReader)]
    public void RoleAssignments_PrincipalList_OnePerPrincipalForEachOfItsRolesOnly(string list, string tableRole, string queueRole)
    {
        var grants = GrantsFor(list);

        Assert.Equal(2, grants.Count);
        var roles = grants.Select(g => Assert.Single(RoleIds(g))).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(new HashSet<string>([tableRole, queueRole], StringComparer.OrdinalIgnoreCase), roles);
        foreach (var grant in grants)
        {
            Assert.Equal($"[length(parameters('{list}'))]", grant.At("copy.count")?.GetString());
            // The name is a GUID of the account, the principal and the role: one assignment each, stable across deployments.
            Assert.Contains($"parameters('{list}')[copyIndex()]", grant.Name, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(grant.At("scope")?.GetString()), $"{grant} has no resource scope.");
        }
    }

    [Theory]
    [InlineData("operatorPrincipalIds")]
    [InlineData("auditorPrincipalIds")]
    public void Parameters_PrincipalList_DefaultsEmptyAndReachesTheStorageModule(string list)
    {
        var parameter = ArmTemplate.Main.Root.GetProperty("parameters").GetProperty(list);

        Assert.Equal("array", parameter.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Array, parameter.GetProperty("defaultValue").ValueKind);
        Assert.Equal(0, parameter.GetProperty("defaultValue").GetArrayLength());
        var storage = ArmTemplate.Main.OfType("Microsoft.Resources/deployments").Single(d => d.Name == "storage");
        Assert.Equal($"[parameters('{list}')]", storage.At($"properties.parameters.{list}.value")?.GetString());
    }

    [Fact]
    public void PrincipalType_PeopleGrants_FromParameterDefaultingToGroup()
    {
        var parameter = ArmTemplate.Main.Root.GetProperty("parameters").GetProperty("accessPrincipalType");

        Assert.Equal("Group", parameter.GetProperty("defaultValue").GetString());
        Assert.Equal(["User", "Group", "ServicePrincipal"], parameter.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()));
        var grants = GrantsFor("operatorPrincipalIds").Concat(GrantsFor("auditorPrincipalIds")).ToList();
        Assert.NotEmpty(grants);
        Assert.All(grants, g => Assert.Equal("[parameters('accessPrincipalType')]", g.At("properties.principalType")?.GetString()));
    }

    [Fact]
    public void RoleAssignments_PeopleGrants_OnlyFromTheTwoLists()
    {
        var people = ArmTemplate.Main.OfType("Microsoft.Authorization/roleAssignments").Where(IsPeopleGrant).ToList();

        Assert.Equal(4, people.Count);
        Assert.Equal(people.Count, GrantsFor("operatorPrincipalIds").Count + GrantsFor("auditorPrincipalIds").Count);
    }

    /// <summary>Whether <paramref name="assignment"/> grants a role to an operator or auditor rather than the app's identity.</summary>
    internal static bool IsPeopleGrant(ArmResource assignment) =>
        assignment.At("properties.principalId")?.GetString() is { } principal
        && (principal.Contains("operatorPrincipalIds", StringComparison.Ordinal) || principal.Contains("auditorPrincipalIds", StringComparison.Ordinal));

    private static List<ArmResource> GrantsFor(string list) =>
    [
        .. ArmTemplate.Main.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => a.At("properties.principalId")?.GetString() == $"[parameters('{list}')[copyIndex()]]"),
    ];

    private static ISet<string> RoleIds(ArmResource assignment)
    {
        var roles = assignment.Scope.ReachableGuids(assignment.At("properties.roleDefinitionId")!.Value, out var unresolved);
        Assert.Empty(unresolved);
        return roles;
    }
}
