using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary><c>revctl run</c>'s HTTP API: where it listens, and a port it cannot take.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class LocalApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Run_PortZero_ListensOnLoopbackAndAnswersUnknownRoutes404()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        using var revctl = RevctlProcess.Start("run", "--port", "0", "--storage", cli.Storage, "--policies", cli.PolicyFile,
            "--host-json", CliHarness.HostJson, "--schedule", "0 0 0 1 1 *");
        var address = await ListeningAddressAsync(revctl);
        Assert.Equal(IPAddress.Loopback.ToString(), address.Host);

        using var http = new HttpClient { BaseAddress = address };
        using var response = await http.PostAsync(new Uri("/api/no-such-endpoint", UriKind.Relative), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await revctl.TerminateAsync();
        var result = await revctl.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result is { ExitCode: 0 }, result?.ToString() ?? "revctl did not exit after SIGTERM");
    }

    [Fact]
    public async Task Run_PortInUse_ExitsTwoNamingThePort()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await RevctlProcess.RunAsync(TimeSpan.FromMinutes(1), "run", "--port", port, "--storage", cli.Storage,
            "--policies", cli.PolicyFile, "--host-json", CliHarness.HostJson, "--schedule", "0 0 0 1 1 *");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"127.0.0.1:{port}", result.StdErr, StringComparison.Ordinal);
    }

    /// <summary>The address from the "HTTP API listening on ..." line revctl writes to stderr at start.</summary>
    internal static async Task<Uri> ListeningAddressAsync(RevctlProcess revctl)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (Listening().Match(revctl.StdErrSoFar) is { Success: true } m) return new Uri(m.Groups[1].Value);
            await Task.Delay(100);
        }
        throw new TimeoutException("revctl run did not report its HTTP address within 60 s: " + revctl.StdErrSoFar);
    }

    [GeneratedRegex(@"HTTP API listening on (http://\S+?)/? \(")]
    private static partial Regex Listening();
}
