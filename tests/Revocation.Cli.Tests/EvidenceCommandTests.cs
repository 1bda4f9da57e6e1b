using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Revocation.Storage;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>
/// The evidence pack on a fresh estate: verified by the independent script (python3 stdlib, the manifest and docs/ledger.md's
/// hash only) and by sha256sum; a changed file fails it; a whole chain deleted afterwards is found by comparing the live
/// ledger with the pack (<c>ledger verify --against</c>, and the script with a later export).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class EvidenceCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string Script = Path.Combine(RepoRoot.Path, "scripts", "verify-evidence.py");

    [Fact]
    public async Task Evidence_FreshEstate_ScriptVerifiesThePack_AndADeletedChainIsDetectedAgainstIt()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var tokens = new[] { CliHarness.NewTokenId("evidence"), CliHarness.NewTokenId("evidence"), CliHarness.NewTokenId("evidence") };
        await cli.IssueAsync(tokens);
        var pack = Path.Combine(Path.GetTempPath(), "revctl-evidence-" + Guid.NewGuid().ToString("N"));

        var evidence = await cli.RunAsync("evidence", "--out", pack, "--json");

        Assert.True(evidence.ExitCode == 0, evidence.ToString());
        Assert.Equal(["SHA256SUMS", "ledger.jsonl", "manifest.json", "policies.json", "report.html", "report.json", "report.md", "verification.json"],
            Directory.EnumerateFiles(pack).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var verified = await RunAsync("python3", Script, pack);
        Assert.True(verified.ExitCode == 0, verified.Output);
        Assert.StartsWith("ok: 6 files, 3 chains, 3 entries checked", verified.Output, StringComparison.Ordinal);
        var sums = await RunAsync("sha256sum", ["--quiet", "-c", "SHA256SUMS"], pack);
        Assert.True(sums.ExitCode == 0, sums.Output);
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(pack, "manifest.json"))))
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(cli.PolicyFile))),
                manifest.RootElement.GetProperty("policySha256").GetString());
        using (var verification = JsonDocument.Parse(File.ReadAllText(Path.Combine(pack, "verification.json"))))
        {
            var chains = verification.RootElement.GetProperty("chains").EnumerateArray().Select(c => c.GetProperty("chain").GetString()!).ToHashSet();
            Assert.Superset(tokens.ToHashSet(), chains);
            Assert.True(verification.RootElement.GetProperty("intact").GetBoolean());
        }
        var html = File.ReadAllText(Path.Combine(pack, "report.html"));
        // Denied uses come from request-time decisions (docs/decisions.md), recorded in this deployment: a section, zero or not.
        foreach (var section in new[] { "controls", "top-owners", "without-owner", "due-soon", "failed-revocations", "zombies", "incidents", "denied-uses" })
            Assert.Contains($"id=\"{section}\"", html, StringComparison.Ordinal);

        // Delete one token's whole partition (entries and state row): the table alone cannot show it...
        var victim = tokens[1];
        var ledger = new TableServiceClient(azurite.ConnectionString).GetTableClient(TableNames.Ledger);
        await foreach (var row in ledger.QueryAsync<TableEntity>(e => e.PartitionKey == KeyEncoding.Encode(victim), select: ["PartitionKey", "RowKey"]))
            await ledger.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        var alone = await cli.RunAsync("ledger", "verify");
        Assert.True(alone.ExitCode == 0, alone.ToString());

        // ...but the pack's chain heads do, through revctl and through the script with a later export.
        var against = await cli.RunAsync("ledger", "verify", "--against", pack);
        Assert.True(against.ExitCode == 3, against.ToString());
        Assert.Contains($"ALTERED chain '{victim}': in the evidence pack", against.StdOut, StringComparison.Ordinal);
        Assert.Contains("the whole chain was deleted", against.StdOut, StringComparison.Ordinal);
        Assert.Single(against.StdOut.Split('\n'), l => l.StartsWith("ALTERED", StringComparison.Ordinal));
        var export = await cli.RunAsync("ledger", "export");
        var live = cli.WriteFile("live.jsonl", export.StdOut);
        var compared = await RunAsync("python3", Script, pack, "--live", live);
        Assert.True(compared.ExitCode == 1, compared.Output);
        Assert.Contains($"chain '{victim}': in the evidence pack", compared.Output, StringComparison.Ordinal);

        // A file changed after the pack was made fails the script, naming it.
        File.AppendAllText(Path.Combine(pack, "report.md"), "\n| forged | row |\n");
        var tampered = await RunAsync("python3", Script, pack);
        Assert.True(tampered.ExitCode == 1, tampered.Output);
        Assert.Contains("report.md: SHA-256 differs from the manifest (modified)", tampered.Output, StringComparison.Ordinal);

        // A pack is never written over another.
        var again = await cli.RunAsync("evidence", "--out", pack);
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("is not empty", again.StdErr, StringComparison.Ordinal);
        Directory.Delete(pack, recursive: true);
    }

    [Fact]
    public async Task VerifyScript_LedgerEntryChanged_NamesTheChainAndEntry()
    {
        using var cli = new CliHarness(azurite.ConnectionString);
        var token = CliHarness.NewTokenId("evidence-edit");
        await cli.IssueAsync(token);
        var pack = Path.Combine(Path.GetTempPath(), "revctl-evidence-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(0, (await cli.RunAsync("evidence", "--out", pack)).ExitCode);

        // Change an entry and re-seal the manifest as a forger would: the recomputed entry hash still gives it away.
        var ledgerFile = Path.Combine(pack, "ledger.jsonl");
        File.WriteAllLines(ledgerFile, File.ReadAllLines(ledgerFile).Select(l => l.Contains(token, StringComparison.Ordinal)
            ? l.Replace("\"decision\":\"accepted\"", "\"decision\":\"rejected\"", StringComparison.Ordinal) : l));
        var manifestFile = Path.Combine(pack, "manifest.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestFile))!;
        foreach (var f in manifest["files"]!.AsArray().Where(f => f!["path"]!.GetValue<string>() == "ledger.jsonl"))
        {
            f!["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(ledgerFile)));
            f["bytes"] = new FileInfo(ledgerFile).Length;
        }
        File.WriteAllText(manifestFile, manifest.ToJsonString());
        File.Delete(Path.Combine(pack, "SHA256SUMS"));

        var result = await RunAsync("python3", Script, pack);

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains($"chain '{token}' entry 1: content does not match its hash (modified)", result.Output, StringComparison.Ordinal);
        Directory.Delete(pack, recursive: true);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args) => await RunAsync(file, args, null);

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, string? workingDirectory)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
