using System.Text.Json;

namespace Revocation.Infra.Tests;

public sealed class MonitoringTests
{
    [Fact]
    public void ApplicationInsights_Compiled_LocalAuthDisabledAndWorkspaceBased()
    {
        var component = ArmTemplate.Main.Single("Microsoft.Insights/components");
        Assert.Equal(JsonValueKind.True, component.At("properties.DisableLocalAuth")?.ValueKind);
        Assert.NotNull(component.At("properties.WorkspaceResourceId"));
    }

    [Fact]
    public void ActionGroup_Compiled_EmailsTheAlertAddress()
    {
        var group = ArmTemplate.Main.Single("Microsoft.Insights/actionGroups");
        var receivers = group.At("properties.emailReceivers");
        Assert.True(receivers is { ValueKind: JsonValueKind.Array } && receivers.Value.GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("PoisonMessage")]
    [InlineData("RevocationFailed")]
    [InlineData("SweepGuardTripped")]
    [InlineData("success == false")]
    public void Alerts_Compiled_QueryForEachOperatorSignal(string signal)
    {
        var rules = ArmTemplate.Main.OfType("Microsoft.Insights/scheduledQueryRules");
        Assert.NotEmpty(rules);
        // The rules are one copy loop over a variable: look for the signal in the template they sit in.
        var texts = rules.Select(r => r.Element.GetRawText() + RulesVariables(r)).ToList();
        Assert.Contains(texts, t => t.Contains(signal, StringComparison.Ordinal));
        Assert.All(rules, r => Assert.Contains("actionGroups", r.Element.GetRawText(), StringComparison.Ordinal));
    }

    private static string RulesVariables(ArmResource rule)
    {
        var deployment = ArmTemplate.Main.OfType("Microsoft.Resources/deployments")
            .FirstOrDefault(d => rule.Scope.Path.EndsWith($"/{d.Name}", StringComparison.Ordinal));
        return deployment?.At("properties.template.variables")?.GetRawText() ?? "";
    }
}
