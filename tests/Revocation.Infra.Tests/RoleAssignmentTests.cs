namespace Revocation.Infra.Tests;

public sealed class RoleAssignmentTests
{
    /// <summary>The only roles the identity may hold (docs: shared/design/azure.md). Nothing broader.</summary>
    private static readonly Dictionary<string, string> AllowedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = "Key Vault Secrets Officer",
    };

    /// <summary>The identity's assignments; the operators' and auditors' are checked by <see cref="OperatorAccessTests"/>.</summary>
    private static IReadOnlyList<ArmResource> Assignments =>
        [.. ArmTemplate.Main.OfType("Microsoft.Authorization/roleAssignments").Where(a => !OperatorAccessTests.IsPeopleGrant(a))];

    [Fact]
    public void RoleDefinitionId_EveryAssignment_IsInAllowedSet()
    {
        Assert.NotEmpty(Assignments);
        foreach (var assignment in Assignments)
        {
            var roles = RoleIds(assignment);
            Assert.True(roles.Count > 0, $"{assignment} in {assignment.Scope.Path}: no role definition GUID found.");
            var disallowed = roles.Where(r => !AllowedRoles.ContainsKey(r)).ToList();
            Assert.True(
                disallowed.Count == 0,
                $"{assignment} in {assignment.Scope.Path} grants roles outside the allowed set: {string.Join(", ", disallowed)}.");
        }
    }

    [Fact]
    public void RoleDefinitionId_AllAssignments_CoverEveryAllowedRole()
    {
        var granted = Assignments.SelectMany(RoleIds).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = AllowedRoles.Where(r => !granted.Contains(r.Key)).Select(r => r.Value).ToList();
        Assert.True(missing.Count == 0, $"Roles not granted: {string.Join(", ", missing)}.");
    }

    [Fact]
    public void PrincipalType_EveryAssignment_IsServicePrincipal()
    {
        foreach (var assignment in Assignments)
        {
            Assert.Equal("ServicePrincipal", assignment.At("properties.principalType")?.GetString());
        }
    }

    [Fact]
    public void Scope_EveryAssignment_IsOneResourceNotTheGroup()
    {
        foreach (var assignment in Assignments)
        {
            var scope = assignment.At("scope")?.GetString();
            Assert.False(string.IsNullOrEmpty(scope), $"{assignment} has no resource scope: it would apply to the resource group.");
        }
    }

    private static ISet<string> RoleIds(ArmResource assignment)
    {
        var roleDefinitionId = assignment.At("properties.roleDefinitionId");
        Assert.True(roleDefinitionId is not null, $"{assignment} has no roleDefinitionId.");
        var roles = assignment.Scope.ReachableGuids(roleDefinitionId.Value, out var unresolved);
        Assert.True(
            unresolved.Count == 0,
            $"{assignment}: cannot tell which role it grants, unresolved {string.Join(", ", unresolved)}.");
        return roles;
    }
}
