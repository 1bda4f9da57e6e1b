using System.Text.Json;
using Revocation.Core.Events;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>
/// <c>revctl signals</c> against <c>revctl run</c>'s port: a partner makes a key, registers its JWKS, pushes a signed
/// transfer that the running host applies, and a SET for the wrong audience is refused and listed by <c>poison list signals</c>.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SignalsCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Issuer = "https://partner.example/";
    private const string Audience = "https://revocation.contoso.test/api/signals";

    [Fact]
    public async Task SendToRun_SignedTransferIsAppliedAndAWrongAudienceIsRefusedAndListed()
    {
        using var keys = new CliHarness(azurite.ConnectionString);
        var keyFile = Path.Combine(Path.GetDirectoryName(keys.PolicyFile)!, "partner.jwk");
        var keygen = await CliHarness.RunRawAsync("signals", "keygen", "--out", keyFile, "--kid", "p1");
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        Assert.DoesNotContain("\"d\"", keygen.StdOut, StringComparison.Ordinal);
        Assert.Equal(2, (await CliHarness.RunRawAsync("signals", "keygen", "--out", keyFile)).ExitCode);

        using var cli = new CliHarness(azurite.ConnectionString, CliHarness.ValidPolicy
            .Replace("\"onOwnerOffboarded\": \"revoke\" }", "\"onOwnerOffboarded\": \"revoke\", \"transfer\": { \"allowedSources\": [\"urn:partner:cli\"] } }", StringComparison.Ordinal)
            .TrimEnd().TrimEnd('}') + $$"""
            , "transmitters": { "partner": { "issuer": "{{Issuer}}", "source": "urn:partner:cli", "audience": "{{Audience}}", "algorithms": ["ES256"],
                "keys": {{keygen.StdOut}}, "events": ["{{SetEventTypes.OwnPrefix}}token.transferred"] } } }
            """);
        var tokenId = CliHarness.NewTokenId("signals");
        await cli.IssueAsync(tokenId);
        var claims = cli.WriteFile("transfer.set.json", $$"""
            { "events": { "{{SetEventTypes.OwnPrefix}}token.transferred": { "tokenId": "{{tokenId}}", "fromOwner": "{{CliHarness.Owner}}", "toOwner": "bob@contoso.com" } } }
            """);
        using var revctl = RevctlProcess.Start("run", "--port", "0", "--storage", cli.Storage, "--policies", cli.PolicyFile,
            "--host-json", CliHarness.HostJson, "--schedule", "0 0 0 1 1 *");
        var url = new Uri(await LocalApiTests.ListeningAddressAsync(revctl), "/api/signals").ToString();

        var sent = await CliHarness.RunRawAsync("signals", "send", claims, "--key", keyFile, "--issuer", Issuer, "--audience", Audience, "--url", url);
        var refused = await CliHarness.RunRawAsync("signals", "send", claims, "--key", keyFile, "--issuer", Issuer, "--audience", "https://elsewhere/", "--url", url);

        Assert.True(sent.ExitCode == 0 && sent.StdOut.Contains("\t202\t", StringComparison.Ordinal), sent.ToString());
        Assert.True(refused.ExitCode == 1 && refused.StdOut.Contains("invalid_audience", StringComparison.Ordinal), refused.ToString());
        string? owner = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && owner != "bob@contoso.com"; await Task.Delay(250))
        {
            var show = await cli.RunAsync("tokens", "show", tokenId, "--json");
            owner = JsonDocument.Parse(show.StdOut).RootElement.GetProperty("owner").GetString();
        }
        Assert.Equal("bob@contoso.com", owner);
        var poison = await cli.RunAsync("poison", "list", "signals", "--json");
        using var listed = JsonDocument.Parse(poison.StdOut);
        var row = Assert.Single(listed.RootElement.EnumerateArray());
        Assert.StartsWith("invalid_audience: ", row.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await revctl.TerminateAsync();
        Assert.True(await revctl.WaitAsync(TimeSpan.FromSeconds(30)) is { ExitCode: 0 }, "revctl run did not stop cleanly");
    }

    [Fact]
    public void Samples_EverySetClaimsFile_HoldsOneEventTheReceiverMaps()
    {
        var files = Directory.GetFiles(Path.Combine(RepoRoot.Path, "samples", "signals"), "*.set.json");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var claims = JsonDocument.Parse(File.ReadAllText(file));
            var events = claims.RootElement.GetProperty("events").EnumerateObject().ToList();
            Assert.True(events.Count == 1 && SetEventTypes.IsKnown(events[0].Name), file);
        }
    }
}
