using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Azure.Storage.Queues;
using Revocation.Storage;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>revctl doctor: all ok on a healthy setup, and each check fails for its own broken condition and names it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DoctorCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string SecretValue = "s3cret-doctor-value-never-printed";
    private readonly string _variable = $"REVOCATION_DOCTOR_TEST_{Guid.NewGuid():N}";
    private readonly LoopbackEndpoint _endpoint = new();

    private string Policy(int? port = null, string? secretRef = null) => $$"""
        {
          "providers": {
            "corp": { "kind": "oauth2", "revocationEndpoint": "http://127.0.0.1:{{port ?? _endpoint.Port}}/revoke", "clientId": "c",
                      "clientSecretRef": "{{secretRef ?? "env:" + _variable}}" }
          },
          "classes": { "ci": { "owner": "alice@contoso.com", "provider": "corp", "maxTtl": "P30D" } }
        }
        """;

    private async Task<(CliResult Result, Dictionary<string, (string Status, string Detail)> Checks)> DoctorAsync(string policy, string? storage = null)
    {
        await StorageProvisioner.EnsureAsync(StorageClients.FromConnectionString(azurite.ConnectionString), CancellationToken.None);
        Environment.SetEnvironmentVariable(_variable, SecretValue);
        using var cli = new CliHarness(storage ?? azurite.ConnectionString, policy);
        var result = await cli.RunAsync("doctor", "--json");
        Assert.DoesNotContain(SecretValue, result.StdOut + result.StdErr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(result.StdOut);
        var checks = doc.RootElement.EnumerateArray().ToDictionary(
            c => c.GetProperty("check").GetString()!, c => (c.GetProperty("status").GetString()!, c.GetProperty("detail").GetString()!));
        return (result, checks);
    }

    private static void AssertOnlyFailure(Dictionary<string, (string Status, string Detail)> checks, string failing, params string[] skipped)
    {
        Assert.Equal("fail", checks[failing].Status);
        foreach (var (name, (status, detail)) in checks.Where(c => c.Key != failing && !skipped.Contains(c.Key)))
            Assert.True(status == "ok", $"{name}: {status} {detail}");
        foreach (var name in skipped) Assert.Equal("skip", checks[name].Status);
    }

    [Fact]
    public async Task Doctor_HealthySetup_EveryCheckOk_Exit0()
    {
        var (result, checks) = await DoctorAsync(Policy());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["policy", "storage", "clock", "poison", "guard", "secrets[corp]", "endpoint[corp]"], checks.Keys);
        Assert.All(checks, c => Assert.True(c.Value.Status == "ok", $"{c.Key}: {c.Value}"));
        Assert.Contains("answered 405", checks["endpoint[corp]"].Detail, StringComparison.Ordinal);
        Assert.Equal("HEAD", _endpoint.LastMethod);
    }

    [Fact]
    public async Task Doctor_HealthySetup_TextOutput_OneLinePerCheck()
    {
        await StorageProvisioner.EnsureAsync(StorageClients.FromConnectionString(azurite.ConnectionString), CancellationToken.None);
        Environment.SetEnvironmentVariable(_variable, SecretValue);
        using var cli = new CliHarness(azurite.ConnectionString, Policy());

        var result = await cli.RunAsync("doctor");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("ok    ", l, StringComparison.Ordinal));
        Assert.StartsWith("ok    secrets[corp]: clientSecretRef (env:", lines[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_EnvVariableNotSet_SecretsCheckFailsNamingProviderFieldAndVariable()
    {
        var missing = $"REVOCATION_DOCTOR_UNSET_{Guid.NewGuid():N}";

        var (result, checks) = await DoctorAsync(Policy(secretRef: "env:" + missing));

        Assert.Equal(1, result.ExitCode);
        AssertOnlyFailure(checks, "secrets[corp]");
        Assert.Equal($"clientSecretRef (env:{missing}): environment variable {missing} is not set", checks["secrets[corp]"].Detail);
    }

    [Fact]
    public async Task Doctor_EndpointPortClosed_EndpointCheckFailsNamingTheUrl()
    {
        var closed = FreePort.Get();

        var (result, checks) = await DoctorAsync(Policy(port: closed));

        Assert.Equal(1, result.ExitCode);
        AssertOnlyFailure(checks, "endpoint[corp]");
        Assert.Contains($"http://127.0.0.1:{closed}/revoke unreachable", checks["endpoint[corp]"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_PoisonMessagePresent_PoisonCheckFailsNamingTheQueue()
    {
        var poison = new QueueClient(azurite.ConnectionString, "revocations-poison");
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("eyJ0b2tlbklkIjoieCJ9");
        try
        {
            var (result, checks) = await DoctorAsync(Policy());

            Assert.Equal(1, result.ExitCode);
            AssertOnlyFailure(checks, "poison");
            Assert.Contains("revocations-poison holds 1 message(s)", checks["poison"].Detail, StringComparison.Ordinal);
        }
        finally
        {
            await poison.ClearMessagesAsync();
        }
    }

    [Fact]
    public async Task Doctor_TableMissing_StorageCheckFailsNamingIt()
    {
        var tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
        await StorageProvisioner.EnsureAsync(StorageClients.FromConnectionString(azurite.ConnectionString), CancellationToken.None);
        await tables.DeleteTableAsync(TableNames.Sweeps);
        try
        {
            using var cli = new CliHarness(azurite.ConnectionString, Policy());
            Environment.SetEnvironmentVariable(_variable, SecretValue);
            var result = await cli.RunAsync("doctor");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("fail  storage: reachable but not provisioned: missing table sweeps", result.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            await tables.CreateTableIfNotExistsAsync(TableNames.Sweeps);
        }
    }

    [Fact]
    public async Task Doctor_StorageUnreachable_StorageCheckFails_StorageChecksSkipped()
    {
        var closed = FreePort.Get();
        var storage = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteFixture.AccountKey};" +
            $"QueueEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;";

        var (result, checks) = await DoctorAsync(Policy(), storage);

        Assert.Equal(1, result.ExitCode);
        AssertOnlyFailure(checks, "storage", "clock", "poison", "guard");
        Assert.StartsWith("unreachable", checks["storage"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_PolicyInvalid_PolicyCheckFailsWithThePath_ProviderChecksSkipped()
    {
        var (result, checks) = await DoctorAsync("""{ "providers": {}, "classes": { "c": { "owner": "a@b.c", "provider": "nope" } } }""");

        Assert.Equal(1, result.ExitCode);
        AssertOnlyFailure(checks, "policy", "providers");
        Assert.Contains("$.classes['c'].provider", checks["policy"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_PolicyEmpty_PolicyCheckFails()
    {
        var (result, checks) = await DoctorAsync("""{ "providers": {}, "classes": {} }""");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no token classes", checks["policy"].Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "warn", 0)]
    [InlineData(10, "fail", 1)]
    public async Task Doctor_LocalClockAheadOfStorage_ClockCheckWarnsThenFails(int minutesAhead, string status, int exitCode)
    {
        var ahead = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(minutesAhead));
        using var clock = Hosting.CliServices.OverrideClockForTesting(ahead);

        var (result, checks) = await DoctorAsync(Policy());

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(status, checks["clock"].Status);
        Assert.Contains("local clock ahead of storage by", checks["clock"].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_SweepGuardTrippedRecently_GuardCheckWarnsWithTheReason()
    {
        // Its own storage: a guard trip on the shared one would show in every other doctor test.
        await using var own = await AzuriteFixture.StartAsync();
        await StorageProvisioner.EnsureAsync(StorageClients.FromConnectionString(own.ConnectionString), CancellationToken.None);
        using (var services = Hosting.CliServices.Build(new Hosting.GlobalSettings(own.ConnectionString, "", false, false), requirePolicy: false))
        {
            // What SweepService records when its guard stops a run.
            var now = DateTimeOffset.UtcNow.AddHours(-1);
            await services.GetRequiredService<Revocation.Core.Tokens.TokenWriter>().UpdateAsync(Revocation.Core.Ledger.LedgerChains.System, now, null, (current, ledger) =>
            {
                ledger.Append("sweep.guard-tripped", "rejected", "would revoke 5 tokens, more than maxRevocationsPerRun 1", now, "{}");
                return current ?? Revocation.Core.Tokens.TokenRecords.New(Revocation.Core.Ledger.LedgerChains.System);
            }, CancellationToken.None);
        }
        Environment.SetEnvironmentVariable(_variable, SecretValue);
        using var cli = new CliHarness(own.ConnectionString, Policy());

        var result = await cli.RunAsync("doctor", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.StdOut);
        var guard = Assert.Single(doc.RootElement.EnumerateArray(), c => c.GetProperty("check").GetString() == "guard");
        Assert.Equal("warn", guard.GetProperty("status").GetString());
        Assert.Contains("more than maxRevocationsPerRun 1", guard.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        _endpoint.Dispose();
    }
}
