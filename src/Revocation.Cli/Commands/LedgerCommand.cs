using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Ledger;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

internal static class LedgerCommand
{
    public static Command Create()
    {
        var against = new Option<string?>("--against")
        {
            Description = "An evidence pack's folder (revctl evidence --out): also check that every chain it holds is still in the ledger, unchanged up to its head then",
        };
        var verify = new Command("verify", "Verify every chain: exit 0 when intact, 3 when anything was altered, naming what.\n\n" +
            "Example: revctl ledger verify --against evidence-2026-11") { against };
        verify.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            var pack = parse.GetValue(against) is { } dir ? EvidenceHeads.Read(dir) : null;
            using var services = CliServices.Build(settings, requirePolicy: false);
            IReadOnlyList<ChainVerification> results;
            using (var progress = new Progress(settings.Json)) results = await services.GetRequiredService<LedgerAuditService>().VerifyAllAsync(
                new SyncProgress<(int Done, int Total)>(p => progress.Report($"verifying: {p.Done} of {p.Total} chains")), ct, pack is null ? null : pack.Visit);
            if (pack is not null) results = [.. results.Select(pack.Check), .. pack.Missing()];
            var broken = results.Where(r => !r.IsIntact).ToList();
            if (settings.Json) Output.WriteDocument(settings.Format, new { chains = results.Count, intact = broken.Count == 0, altered = broken });
            else
            {
                foreach (var b in broken) foreach (var p in b.Problems) Console.Out.WriteLine($"ALTERED chain '{b.Chain}': {p}");
                Console.Out.WriteLine(broken.Count == 0
                    ? $"ledger intact: {results.Count} chains, {results.Sum(r => r.Entries)} entries verified"
                    : $"ledger ALTERED: {broken.Count} of {results.Count} chains fail verification");
            }
            return broken.Count == 0 ? CliApp.Ok : CliApp.Altered;
        }));

        var since = new Option<string?>("--since") { Description = "Only entries recorded at or after this time: " + SinceTime.Forms };
        var export = new Command("export", "The ledger as JSON Lines, for auditors (docs/ledger.md), whatever --output says: each entry's data is " +
            "the exact JSON text its hash covers.\n\nExample: revctl ledger export --since yesterday > ledger.jsonl") { since };
        export.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var store = services.GetRequiredService<TableTokenStore>();
            DateTimeOffset? cutoff = parse.GetValue(since) is { } text ? SinceTime.Parse(text, services.GetRequiredService<TimeProvider>().GetUtcNow()) : null;
            var count = 0;
            var chains = 0;
            // Entries go to stdout: progress only when they go to a file or pipe, not onto the same terminal.
            using var progress = new Progress(settings.Json || !Console.IsOutputRedirected);
            await foreach (var head in store.ListChainsAsync(ct))
            {
                progress.Report($"exporting: {chains++} chains, {count} entries");
                await foreach (var e in store.ReadChainAsync(head.Chain, ct))
                {
                    if (cutoff is { } c && e.RecordedAt < c) continue;
                    Console.Out.WriteLine(LedgerExportLine.Format(e));
                    count++;
                }
            }
            progress.Dispose();
            Console.Error.WriteLine($"exported {count} entries");
            return CliApp.Ok;
        }));
        return new Command("ledger", "Verify and export the tamper-evident ledger.") { verify, export };
    }
}
