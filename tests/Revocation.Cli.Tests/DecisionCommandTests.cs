using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary><c>revctl check</c> and <c>revctl run</c>'s <c>POST /api/decisions</c>: the same decision, the local key, the use written at exit.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DecisionCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Holder = "spiffe://contoso.com/agents/triage";

    [Fact]
    public async Task Check_BoundHolder_AllowsExitZero_OtherHolder_DeniesExitFourWithReasons()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var token = CliHarness.NewTokenId("check");
        await IssueAsync(cli, token);

        var allow = await cli.RunAsync("check", token, "--holder", Holder, "--scope", "tickets:read");
        Assert.True(allow.ExitCode == 0, allow.ToString());
        Assert.StartsWith("allow", allow.StdOut, StringComparison.Ordinal);

        var deny = await cli.RunAsync("check", token, "--holder", "spiffe://contoso.com/agents/other", "--scope", "admin", "--json");
        Assert.True(deny.ExitCode == 4, deny.ToString());
        using var doc = JsonDocument.Parse(deny.StdOut);
        Assert.Equal("deny", doc.RootElement.GetProperty("decision").GetString());
        Assert.Equal(["holder-mismatch", "scope-exceeded"], doc.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("active", doc.RootElement.GetProperty("state").GetString());

        // The allowed check was a use, written before the command exited.
        var show = await cli.RunAsync("tokens", "show", token, "--json");
        using var shown = JsonDocument.Parse(show.StdOut);
        Assert.Equal(JsonValueKind.String, shown.RootElement.GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task Report_AfterDeniedChecks_CountsTheDeniedUses()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var token = CliHarness.NewTokenId("report");
        await IssueAsync(cli, token);
        var before = await DeniedUsesAsync(cli);

        for (var i = 0; i < 3; i++) Assert.Equal(4, (await cli.RunAsync("check", token, "--holder", "spiffe://contoso.com/intruder")).ExitCode);

        Assert.Equal(before + 3, await DeniedUsesAsync(cli));
    }

    private static async Task<int> DeniedUsesAsync(CliHarness cli)
    {
        var report = await cli.RunAsync("report", "--scan", "--format", "json");
        Assert.True(report.ExitCode == 0, report.ToString());
        using var doc = JsonDocument.Parse(report.StdOut);
        return doc.RootElement.GetProperty("findings").GetProperty("deniedUses").GetInt32();
    }

    [Theory]
    [InlineData("--holder", "spiffe://a\u0001b", "--holder contains control characters")]
    [InlineData("--scope", "read\nwrite", "--scope contains control characters")]
    public async Task Check_BadArgument_ExitTwoNamingIt(string option, string value, string message)
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var args = option == "--holder" ? new[] { "check", "t", option, value } : ["check", "t", "--holder", Holder, option, value];
        var result = await cli.RunAsync(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithApiKey_KeylessCallsGet401_KeyedCallsDecide_UseWrittenAtExit()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var token = CliHarness.NewTokenId("api");
        await IssueAsync(cli, token);
        var key = Guid.NewGuid().ToString("N");
        using var revctl = RevctlProcess.Start(new Dictionary<string, string> { ["REVCTL_API_KEY"] = key },
            "run", "--port", "0", "--storage", cli.Storage, "--policies", cli.PolicyFile, "--host-json", CliHarness.HostJson, "--schedule", "0 0 0 1 1 *");
        var address = await LocalApiTests.ListeningAddressAsync(revctl);
        using var http = new HttpClient { BaseAddress = address };
        var body = new { tokenId = token, holder = Holder };

        using (var keyless = await http.PostAsJsonAsync("/api/decisions", body)) Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);
        using (var wrong = await http.PostAsJsonAsync("/api/decisions?code=nope", body)) Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        http.DefaultRequestHeaders.Add("x-functions-key", key);
        for (var i = 0; i < 20; i++)
        {
            using var response = await http.PostAsJsonAsync("/api/decisions", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.Contains("\"decision\":\"allow\"", text, StringComparison.Ordinal);
        }
        using (var bad = await http.PostAsJsonAsync("/api/decisions", new { tokenId = token }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("\"field\":\"$.holder\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await revctl.TerminateAsync();
        var result = await revctl.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result is { ExitCode: 0 }, result?.ToString() ?? "revctl did not exit after SIGTERM");
        var show = await cli.RunAsync("tokens", "show", token, "--json");
        using var shown = JsonDocument.Parse(show.StdOut);
        var uses = shown.RootElement.GetProperty("history").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "token.used");
        Assert.Equal(1, uses);
    }

    [Fact]
    public async Task Run_TokenRevokedByAnotherProcess_DeniedOnceTheConfiguredBoundPassed()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var token = CliHarness.NewTokenId("bound");
        await IssueAsync(cli, token);
        using var revctl = RevctlProcess.Start(new Dictionary<string, string> { ["Revocation__Decisions__CacheFor"] = "00:00:02" },
            "run", "--port", "0", "--storage", cli.Storage, "--policies", cli.PolicyFile, "--host-json", CliHarness.HostJson, "--schedule", "0 0 0 1 1 *");
        using var http = new HttpClient { BaseAddress = await LocalApiTests.ListeningAddressAsync(revctl) };
        var body = new { tokenId = token, holder = Holder };
        using (var first = await http.PostAsJsonAsync("/api/decisions", body))
        {
            using var answer = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
            Assert.Equal("allow", answer.RootElement.GetProperty("decision").GetString());
            Assert.InRange(answer.RootElement.GetProperty("cacheFor").GetInt32(), 0, 2);
        }

        // Another process (another instance) revokes: revctl run's cache may serve the allow for at most the bound, 2 s.
        var revoke = await cli.RunAsync("revoke", token, "--reason", "decision bound test");
        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        using var after = await http.PostAsJsonAsync("/api/decisions", body);
        using var denied = JsonDocument.Parse(await after.Content.ReadAsStringAsync());
        Assert.Equal("deny", denied.RootElement.GetProperty("decision").GetString());
        Assert.Contains("not-active", denied.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    /// <summary>Publishes a token.issued bound to <see cref="Holder"/> with a scope, and drains it.</summary>
    private static async Task IssueAsync(CliHarness cli, string token)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var issued = new Dictionary<string, object>
        {
            ["specversion"] = "1.0", ["id"] = Guid.NewGuid().ToString(), ["source"] = "urn:test:cli", ["type"] = "token.issued", ["time"] = now,
            ["data"] = new Dictionary<string, object>
            {
                ["tokenId"] = token, ["class"] = CliHarness.ClassName, ["owner"] = CliHarness.Owner, ["holder"] = Holder,
                ["scope"] = "tickets:read tickets:write", ["credential"] = new Dictionary<string, string> { ["handle"] = "h1" },
            },
        };
        var publish = await cli.RunAsync("publish", cli.WriteFile($"issued-{Guid.NewGuid():N}.json", JsonSerializer.Serialize(issued)));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        var run = await cli.RunAsync("run", "--until-idle", "--host-json", CliHarness.HostJson);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
    }
}
