using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Ledger;

namespace Revocation.Cli.Commands;

/// <summary>
/// <c>revctl evidence --out DIR</c>: an auditor's pack (docs/ledger.md, "Evidence pack"): the ledger export, its verification
/// with every chain's final hash, the policy file, the posture report in three formats, and a manifest of SHA-256s that
/// scripts/verify-evidence.py checks with nothing but the manifest and the documented hash.
/// </summary>
internal static class EvidenceCommand
{
    public const string Manifest = "manifest.json";
    public const string Sums = "SHA256SUMS";

    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "A new or empty folder for the pack", Required = true };
        var command = new Command("evidence", "Write an auditor's evidence pack: ledger export, verification with each chain's final hash, policy " +
            "file, posture report (md, json, html) and a manifest of SHA-256s. Exit 3 when the ledger fails verification (the pack says where). " +
            "Check a pack with scripts/verify-evidence.py DIR (Python 3 only); compare it with the ledger later with revctl ledger verify --against DIR.\n\n" +
            "Example: revctl evidence --out evidence-2026-11") { outDir };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            var dir = Path.GetFullPath(parse.GetValue(outDir)!);
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
                throw new UsageException($"--out {dir} is not empty: give a new or empty folder (a pack is never mixed with another)");
            if (!File.Exists(settings.Policies)) throw new UsageException($"policy file {settings.Policies} does not exist: the pack includes it");
            using var services = CliServices.Build(settings);
            var createdAt = services.GetRequiredService<TimeProvider>().GetUtcNow();
            Directory.CreateDirectory(dir);

            var chains = new List<object>();
            IReadOnlyList<ChainVerification> results;
            await using (var ledger = new StreamWriter(Path.Combine(dir, "ledger.jsonl"), false, new UTF8Encoding(false)))
            using (var progress = new Progress(settings.Json))
            {
                var heads = new Dictionary<string, (long Seq, string Hash)>(StringComparer.Ordinal);
                results = await services.GetRequiredService<LedgerAuditService>().VerifyAllAsync(
                    new SyncProgress<(int Done, int Total)>(p => progress.Report($"exporting and verifying: {p.Done} of {p.Total} chains")), ct,
                    (chain, entries) =>
                    {
                        foreach (var e in entries) ledger.Write(LedgerExportLine.Format(e) + "\n");
                        heads[chain] = entries.Count == 0 ? (0, LedgerHasher.GenesisHash) : (entries[^1].Seq, entries[^1].Hash);
                    });
                chains.AddRange(results.OrderBy(r => r.Chain, StringComparer.Ordinal).Select(r => new
                {
                    chain = r.Chain, entries = r.Entries, lastSeq = heads[r.Chain].Seq, lastHash = heads[r.Chain].Hash, intact = r.IsIntact, problems = r.Problems,
                }));
            }
            var intact = results.All(r => r.IsIntact);
            Write(dir, EvidenceHeads.FileName, JsonSerializer.Serialize(new { verifiedAt = Output.Time(createdAt), intact, chains }, Output.JsonOptions) + "\n");
            File.Copy(settings.Policies, Path.Combine(dir, "policies.json"));
            var report = await ReportModel.LoadAsync(services, ct);
            foreach (var format in ReportModel.Formats) Write(dir, $"report.{format}", report.Render(format));

            var files = Directory.EnumerateFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal)
                .Select(name => new { path = name!, bytes = new FileInfo(Path.Combine(dir, name!)).Length, sha256 = Sha256(Path.Combine(dir, name!)) }).ToList();
            Write(dir, Manifest, JsonSerializer.Serialize(new
            {
                format = "revctl-evidence/1", createdAt = Output.Time(createdAt), tool = "revctl " + VersionAction.Version, policyFile = Path.GetFileName(settings.Policies),
                policySha256 = files.Single(f => f.path == "policies.json").sha256, ledgerIntact = intact, files,
            }, Output.JsonOptions) + "\n");
            Write(dir, Sums, string.Concat(Directory.EnumerateFiles(dir).Select(Path.GetFileName).Where(n => n != Sums).Order(StringComparer.Ordinal)
                .Select(n => $"{Sha256(Path.Combine(dir, n!))}  {n}\n")));

            if (settings.Json) Output.WriteDocument(settings.Format, new { @out = dir, files = files.Count + 2, chains = results.Count, intact });
            else Console.Out.WriteLine($"evidence pack in {dir}: {files.Count + 2} files, {results.Count} chains, ledger {(intact ? "intact" : "ALTERED")}; " +
                "check it with: python3 scripts/verify-evidence.py " + dir);
            return intact ? CliApp.Ok : CliApp.Altered;
        }));
        return command;
    }

    private static void Write(string dir, string name, string text) => File.WriteAllText(Path.Combine(dir, name), text, new UTF8Encoding(false));

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
