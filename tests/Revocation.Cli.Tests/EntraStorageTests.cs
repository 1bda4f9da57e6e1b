using System.Text.Json;
using Revocation.Cli.Hosting;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>
/// revctl against Azurite over https with bearer-token checks (--oauth basic): the Entra ID path (endpoints and a token
/// credential) and the connection-string path (shared key), each request's authorization recorded as it leaves.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class EntraStorageTests(SecureAzuriteFixture secure) : IClassFixture<SecureAzuriteFixture>, IDisposable
{
    private readonly HttpMessageHandler _handler = secure.Tls.CreateHandler();

    private string Endpoints => $"table={secure.Azurite.TableEndpoint};queue={secure.Azurite.QueueEndpoint}";

    [Fact]
    public async Task TokensList_EndpointsWithTokenCredential_EveryRequestCarriesBearerAndNoSharedKey()
    {
        var credential = new TestTokenCredential();
        var recorder = new AuthorizationRecorder();
        using var cli = new CliHarness(Endpoints);
        var id = CliHarness.NewTokenId("entra");

        using (StorageAccess.OverrideForTesting(credential, recorder.Configure(_handler)))
        {
            await cli.IssueAsync(id);
            var list = await cli.RunAsync("tokens", "list", "--json");
            Assert.True(list.ExitCode == 0, list.ToString());
            using var doc = JsonDocument.Parse(list.StdOut);
            Assert.Contains(doc.RootElement.EnumerateArray(), t => t.GetProperty("tokenId").GetString() == id && t.GetProperty("state").GetString() == "active");
        }

        Assert.NotEmpty(recorder.Schemes);
        Assert.All(recorder.Schemes, scheme => Assert.Equal("Bearer", scheme));
        Assert.True(credential.Requests > 0);
        Assert.Contains("https://storage.azure.com/.default", credential.LastScopes);
    }

    [Fact]
    public async Task PoisonList_DeployedStorageWithTokenCredential_OnlyReadsNeverCreates()
    {
        // Deployed storage: the template created every table and queue; an auditor's reader roles could not create one.
        await Revocation.Storage.StorageProvisioner.EnsureAsync(
            Revocation.Storage.StorageClients.FromConnectionString(secure.Azurite.ConnectionString, configure: o => o.Transport = new Azure.Core.Pipeline.HttpClientTransport(_handler)),
            CancellationToken.None);
        var recorder = new AuthorizationRecorder();
        using var cli = new CliHarness(Endpoints);

        CliResult list;
        using (StorageAccess.OverrideForTesting(new TestTokenCredential(), recorder.Configure(_handler)))
            list = await cli.RunAsync("poison", "list", "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.NotEmpty(recorder.Requests);
        Assert.All(recorder.Requests, r => Assert.StartsWith("GET ", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TokensList_HttpsConnectionString_EveryRequestCarriesSharedKeyAndNoToken()
    {
        var credential = new TestTokenCredential();
        var recorder = new AuthorizationRecorder();
        using var cli = new CliHarness(secure.Azurite.ConnectionString);
        var id = CliHarness.NewTokenId("sharedkey");

        using (StorageAccess.OverrideForTesting(credential, recorder.Configure(_handler)))
        {
            await cli.IssueAsync(id);
            var list = await cli.RunAsync("tokens", "list", "--json");
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Contains(id, list.StdOut, StringComparison.Ordinal);
        }

        Assert.NotEmpty(recorder.Schemes);
        Assert.All(recorder.Schemes, scheme => Assert.StartsWith("SharedKey", scheme, StringComparison.Ordinal)); // SharedKeyLite for tables
        Assert.Equal(0, credential.Requests);
    }

    [Fact]
    public async Task TokensList_TokenForAnotherAudience_AzuriteRefusesAndTokenNotPrinted()
    {
        var credential = new TestTokenCredential(audience: "https://vault.azure.net");
        var recorder = new AuthorizationRecorder();
        using var cli = new CliHarness(Endpoints);

        CliResult list;
        using (StorageAccess.OverrideForTesting(credential, recorder.Configure(_handler)))
        {
            list = await cli.RunAsync("tokens", "list", "--json");
        }

        Assert.True(list.ExitCode == 1, list.ToString());
        Assert.True(list.StdErr.Contains("storage refused the request (403 ", StringComparison.Ordinal), list.ToString());
        Assert.DoesNotContain("eyJ", list.StdErr + list.StdOut, StringComparison.Ordinal);
        Assert.Contains("Bearer", recorder.Schemes);
    }

    [Fact]
    public async Task TokensList_EndpointsWithoutSignIn_ExitsTwoNamingAzLogin()
    {
        using var cli = new CliHarness(Endpoints);

        CliResult list;
        using (StorageAccess.OverrideForTesting(new UnavailableCredential(), new AuthorizationRecorder().Configure(_handler)))
        {
            list = await cli.RunAsync("tokens", "list");
        }

        Assert.True(list.ExitCode == 2, list.ToString());
        var line = Assert.Single(list.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("az login", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensList_AccountNameWithoutSignIn_ExitsTwoBeforeAnyRequest()
    {
        var recorder = new AuthorizationRecorder();

        CliResult list;
        using (StorageAccess.OverrideForTesting(new UnavailableCredential(), recorder.Configure(_handler)))
        {
            list = await CliHarness.RunRawAsync("tokens", "list", "--storage", "strevocationtest01", "--policies", "./absent.json");
        }

        Assert.True(list.ExitCode == 2, list.ToString());
        Assert.Contains("az login", list.StdErr, StringComparison.Ordinal);
        Assert.Empty(recorder.Schemes);
    }

    public void Dispose() => _handler.Dispose();
}
