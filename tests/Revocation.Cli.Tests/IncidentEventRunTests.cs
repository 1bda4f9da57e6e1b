using System.Text.Json;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary><c>incident.declared</c> through revctl publish and revctl run (the local host): the same core handler as the Functions app.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class IncidentEventRunTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Run_IncidentDeclaredEvent_HeldByTheGuardThenWithConfirmRequestsEveryTokenNamingTheIncident()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokens = new[] { CliHarness.NewTokenId("incident-event"), CliHarness.NewTokenId("incident-event") };
        await cli.IssueAsync(tokens);

        // Every active token of the estate is over the default maxRevokedFraction (25 %): held, recorded, nothing asked.
        await PublishAndRunAsync(cli, "soc-run-1", confirm: false);
        foreach (var token in tokens) Assert.Equal("active", (await ShowAsync(cli, token)).GetProperty("state").GetString());
        using (var report = JsonDocument.Parse((await cli.RunAsync("report", "--scan", "--json")).StdOut))
        {
            var held = report.RootElement.GetProperty("findings").GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "soc-run-1");
            Assert.Equal("guard-tripped", held.GetProperty("status").GetString());
            Assert.Contains("maxRevokedFraction", held.GetProperty("guard").GetString(), StringComparison.Ordinal);
        }

        await PublishAndRunAsync(cli, "soc-run-2", confirm: true);
        foreach (var token in tokens)
        {
            var history = (await ShowAsync(cli, token)).GetProperty("history").EnumerateArray();
            var requested = history.Single(h => h.GetProperty("type").GetString() == "revocation.requested");
            Assert.Equal(("soc-run-2", "incident", "soc@contoso.com"),
                (requested.GetProperty("data").GetProperty("incident").GetString(), requested.GetProperty("data").GetProperty("requestedBy").GetString(),
                 requested.GetProperty("data").GetProperty("actor").GetString()));
            Assert.Equal("test partner breached", requested.GetProperty("reason").GetString());
        }
    }

    private static async Task PublishAndRunAsync(CliHarness cli, string id, bool confirm)
    {
        var incident = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["specversion"] = "1.0", ["id"] = id, ["source"] = "urn:siem:test", ["type"] = "incident.declared", ["time"] = "2026-11-30T05:00:00Z",
            ["data"] = new Dictionary<string, object>
            {
                ["selector"] = new Dictionary<string, string> { ["source"] = "urn:test:cli", ["class"] = CliHarness.ClassName },
                ["reason"] = "test partner breached", ["actor"] = "soc@contoso.com", ["confirm"] = confirm,
            },
        });
        var publish = await cli.RunAsync("publish", cli.WriteFile($"{id}.json", incident));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        CliResult run;
        // The test policy's provider cannot revoke (a closed port): one attempt, and the run may fail those revocations.
        using (new EnvironmentVariableScope("Revocation__Retry__MaxAttempts", "1"))
            run = await cli.RunAsync("run", "--until-idle", "--json", "--host-json", CliHarness.HostJson);
        using var summary = JsonDocument.Parse(run.StdOut);
        Assert.Equal(0, summary.RootElement.GetProperty("poisoned").EnumerateObject().Sum(p => p.Value.GetInt32()));
    }

    private static async Task<JsonElement> ShowAsync(CliHarness cli, string token)
    {
        var show = await cli.RunAsync("tokens", "show", token, "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        using var doc = JsonDocument.Parse(show.StdOut);
        return doc.RootElement.Clone();
    }
}
