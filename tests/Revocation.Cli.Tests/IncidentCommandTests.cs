using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Revocation.Secrets;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>
/// Issue 16's done-when, through revctl: 300 real tokens of three partners at a real OAuth server; <c>revoke --source</c>
/// lists and then revokes exactly one partner's 100, every revoked token's history names the incident, and a selector
/// over the blast-radius guard stops until <c>--confirm</c>.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class IncidentCommandTests(AzuriteFixture azurite, OAuthServerFixture oauth) : IClassFixture<AzuriteFixture>, IClassFixture<OAuthServerFixture>
{
    private static readonly string[] Partners = ["urn:partner:a", "urn:partner:b", "urn:partner:c"];

    private string Policy() => $$"""
        {
          "providers": { "corp": { "kind": "oauth2", "revocationEndpoint": "{{oauth.RevocationEndpoint}}", "clientId": "broker", "clientSecretRef": "env:REVCTL_TEST_OAUTH_SECRET" } },
          "classes": { "ci": { "owner": "alice@contoso.com", "provider": "corp", "maxTtl": "P1D", "onOwnerOffboarded": "revoke" } },
          "sweep": { "maxRevocationsPerRun": 150, "maxRevokedFraction": 1.0 }
        }
        """;

    [Fact]
    public async Task RevokeBySource_DryRunListsExactlyThePartnersTokens_RunRevokesOnlyThose_GuardHoldsTheProviderUntilConfirm()
    {
        using var cli = new CliHarness(azurite.ConnectionString, Policy());
        using var secret = new EnvironmentVariableScope("REVCTL_TEST_OAUTH_SECRET", "broker-secret");
        using var keyFile = new EnvironmentVariableScope("LocalSecrets__KeyFilePath", Path.Combine(Path.GetTempPath(), $"revctl-incident-{Guid.NewGuid():N}.key"));
        var values = await IssueAsync(cli);
        var partnerB = values.Keys.Where(k => k.Contains(":b:", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        var dry = await cli.RunAsync("revoke", "--source", "urn:partner:b", "--reason", "partner b breach", "--dry-run", "--json");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        using (var doc = JsonDocument.Parse(dry.StdOut))
        {
            var tokens = doc.RootElement.GetProperty("tokens").EnumerateArray().ToList();
            Assert.Equal(partnerB, tokens.Select(t => t.GetProperty("tokenId").GetString()));
            Assert.All(tokens, t => Assert.Equal("would-revoke", t.GetProperty("outcome").GetString()));
            Assert.Equal(100, doc.RootElement.GetProperty("byProvider").GetProperty("corp").GetInt32());
            Assert.Equal(100, doc.RootElement.GetProperty("hintsRead").GetInt32());
        }
        Assert.Equal(300, await CountActiveAsync(values.Values));

        var run = await cli.RunAsync("revoke", "--source", "urn:partner:b", "--reason", "partner b breach");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("by provider: corp 100", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("by outcome:  revoked 100", run.StdOut, StringComparison.Ordinal);
        var incident = run.StdOut.Split('\n').Single(l => l.StartsWith("incident ", StringComparison.Ordinal)).Split(' ')[1].TrimEnd(':');
        foreach (var (id, value) in values) Assert.Equal(!partnerB.Contains(id), await oauth.IsActiveAsync(value));

        // Every revoked token's history names the incident, the reason and who ran it.
        var export = await cli.RunAsync("ledger", "export");
        var requested = export.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "revocation.requested").ToList();
        Assert.Equal(partnerB, requested.Select(e => e.GetProperty("chain").GetString()).Order(StringComparer.Ordinal));
        Assert.All(requested, e =>
        {
            using var data = JsonDocument.Parse(e.GetProperty("data").GetString()!);
            Assert.Equal((incident, "incident", "partner b breach"),
                (data.RootElement.GetProperty("incident").GetString(), data.RootElement.GetProperty("requestedBy").GetString(), e.GetProperty("reason").GetString()));
        });

        // The provider's remaining 200 are over the guard's 150: nothing is revoked until --confirm.
        var held = await cli.RunAsync("revoke", "--provider", "corp", "--reason", "provider compromised");
        Assert.True(held.ExitCode == 1, held.ToString());
        Assert.Contains("guard tripped, nothing revoked: would revoke 200 tokens, more than maxRevocationsPerRun 150", held.StdOut, StringComparison.Ordinal);
        Assert.Equal(200, await CountActiveAsync(values.Values));
        var confirmed = await cli.RunAsync("revoke", "--provider", "corp", "--reason", "provider compromised", "--confirm", "--json");
        Assert.True(confirmed.ExitCode == 0, confirmed.ToString());
        using (var doc = JsonDocument.Parse(confirmed.StdOut))
        {
            Assert.Equal(200, doc.RootElement.GetProperty("byOutcome").GetProperty("revoked").GetInt32());
            // Partner b's slice rows were cleaned when the first incident revoked them: the class's index now reads 200.
            Assert.Equal((200, 200), (doc.RootElement.GetProperty("matched").GetInt32(), doc.RootElement.GetProperty("hintsRead").GetInt32()));
        }
        Assert.Equal(0, await CountActiveAsync(values.Values));

        // The report lists the three incidents, and NHI2 (every incident revocation confirmed) passes.
        var report = await cli.RunAsync("report", "--scan", "--json");
        using (var doc = JsonDocument.Parse(report.StdOut))
        {
            var incidents = doc.RootElement.GetProperty("findings").GetProperty("incidents").EnumerateArray().ToList();
            Assert.Equal(["done", "done", "guard-tripped"], incidents.Select(i => i.GetProperty("status").GetString()).Order(StringComparer.Ordinal));
            var nhi2 = doc.RootElement.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "NHI2");
            Assert.Equal(("passed", 300), (nhi2.GetProperty("status").GetString(), nhi2.GetProperty("checked").GetInt32()));
        }
    }

    [Theory]
    [InlineData(new[] { "revoke", "--reason", "x" }, "a selector must name at least one of --class, --provider, --holder, --source or --owner")]
    [InlineData(new[] { "revoke", "--issued-before", "2026-01-01", "--reason", "x" }, "a selector must name at least one of")]
    [InlineData(new[] { "revoke", "--class", "nope", "--reason", "x" }, "--class 'nope' is not a class of the policy (classes: ci)")]
    [InlineData(new[] { "revoke", "--provider", "nope", "--reason", "x" }, "--provider 'nope' is not a provider of the policy (providers: corp)")]
    [InlineData(new[] { "revoke", "--source", " ", "--reason", "x" }, "--source must not be empty")]
    [InlineData(new[] { "revoke", "--source", "urn:p", "--scope", "a b", "--reason", "x" }, "--scope must be one scope value")]
    [InlineData(new[] { "revoke", "--source", "urn:p", "--issued-before", "soon", "--reason", "x" }, "--issued-before 'soon' is not a time")]
    [InlineData(new[] { "revoke", "--source", "urn:p", "--reason", "" }, "--reason is empty")]
    [InlineData(new[] { "revoke", "--source", "urn:p", "--reason", "x", "--dry-run", "--confirm" }, "--dry-run and --confirm exclude each other")]
    [InlineData(new[] { "revoke", "some:token", "--source", "urn:p", "--reason", "x" }, "give a TOKEN_ID or a selector (--source), not both")]
    [InlineData(new[] { "revoke", "some:token", "--reason", "x", "--dry-run" }, "--dry-run and --confirm apply to a selector")]
    public async Task Revoke_BadSelector_ExitsTwoNamingTheProblemAndChangesNothing(string[] args, string problem)
    {
        using var cli = new CliHarness(azurite.ConnectionString, Policy());
        var result = await cli.RunAsync(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(problem, result.StdErr, StringComparison.Ordinal);
        Assert.Equal("", result.StdOut);
    }

    /// <summary>Issues 100 real tokens per partner through revctl publish + run; returns token id → value.</summary>
    private async Task<Dictionary<string, string>> IssueAsync(CliHarness cli)
    {
        var store = new LocalSecretStore(new TableServiceClient(azurite.ConnectionString),
            Options.Create(new LocalSecretStoreOptions { KeyFilePath = Environment.GetEnvironmentVariable("LocalSecrets__KeyFilePath")! }),
            NullLogger<LocalSecretStore>.Instance);
        var ids = Enumerable.Range(0, 300).Select(i => $"inc:{Partners[i % 3][^1]}:{i:D3}").ToArray();
        var values = new string[ids.Length];
        var refs = new string[ids.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Length), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            values[i] = await oauth.GetClientCredentialsTokenAsync();
            refs[i] = await store.PutAsync(values[i], ct);
        });
        var time = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var events = ids.Select((id, i) => new Dictionary<string, object>
        {
            ["specversion"] = "1.0", ["id"] = $"iss-{id}", ["source"] = Partners[i % 3], ["type"] = "token.issued", ["time"] = time,
            ["data"] = new Dictionary<string, object>
            {
                ["tokenId"] = id, ["class"] = "ci", ["owner"] = CliHarness.Owner, ["credential"] = new Dictionary<string, string> { ["secretRef"] = refs[i] },
            },
        });
        var publish = await cli.RunAsync("publish", cli.WriteFile("partners.json", JsonSerializer.Serialize(events)));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        var run = await cli.RunAsync("run", "--until-idle", "--host-json", CliHarness.HostJson);
        Assert.True(run.ExitCode == 0, run.ToString());
        return ids.Select((id, i) => (id, values[i])).ToDictionary(p => p.id, p => p.Item2, StringComparer.Ordinal);
    }

    private async Task<int> CountActiveAsync(IEnumerable<string> values)
    {
        var active = 0;
        foreach (var value in values) if (await oauth.IsActiveAsync(value)) active++;
        return active;
    }
}
