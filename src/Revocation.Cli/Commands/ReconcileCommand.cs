using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Discovery;
using Revocation.Core.Policy;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

/// <summary><c>revctl reconcile</c>: list the providers that can list, and reconcile with the ledger (docs/reconciliation.md).</summary>
internal static class ReconcileCommand
{
    public static Command Create()
    {
        var provider = new Option<string?>("--provider") { Description = "Only this provider (a name in the policy's discovery.providers)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what a run would record and request; change nothing" };
        var command = new Command("reconcile", "List the providers' credentials and reconcile them with the ledger: discovered, unclassified, " +
            "zombie, drift, gone. RFC 7009 (oauth2) providers cannot list and are named as such.\n\nExample: revctl reconcile --dry-run")
            { provider, dryRun };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings);
            if (!parse.GetValue(dryRun)) await CliStorage.EnsureProvisionedAsync(settings, services.GetRequiredService<StorageClients>(), ct);
            var policy = services.GetRequiredService<PolicyDocument>();
            var name = parse.GetValue(provider);
            if (name is not null && !policy.Discovery.Providers.Contains(name))
                throw new UsageException($"--provider '{name}' is not in the policy's discovery.providers" +
                    (policy.Discovery.Providers.Count == 0 ? " (none are)" : $" ({string.Join(", ", policy.Discovery.Providers)})"));
            var report = await services.GetRequiredService<ReconcileService>().RunAsync(name, parse.GetValue(dryRun), ct);
            var cannotList = policy.Providers.Values.Where(p => p.Kind == "oauth2" && (name is null || p.Name == name))
                .Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            if (settings.Json) Output.WriteDocument(settings.Format, new { report.At, report.DryRun, report.Complete, report.Providers, cannotList });
            else Write(report, cannotList);
            return report.Complete ? CliApp.Ok : CliApp.Failure;
        }));
        return command;
    }

    private static void Write(ReconcileReport report, IReadOnlyList<string> cannotList)
    {
        Output.WriteTable(["PROVIDER", "KIND", "LISTED", "DISCOVERED", "UNCLASSIFIED", "ZOMBIES", "DRIFT", "GONE", "NOTE"],
            report.Providers.Select(p => new[]
            {
                p.Provider, p.Kind, p.Listed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                Count(p.Discovered), Count(p.Unclassified), Count(p.Zombies), Count(p.Drift), Count(p.Gone),
                p.Skipped ?? (p.GuardTripped is { } g ? "guard tripped: " + g : p.Refused.Count > 0 ? $"{p.Refused.Count} refused: {p.Refused[0]}" : ""),
            }));
        foreach (var name in cannotList) Console.Out.WriteLine($"{name}: cannot list (RFC 7009 servers have no listing API); not reconciled");
        Console.Out.WriteLine(report.DryRun ? "dry run: nothing recorded or requested" : report.Complete ? "reconciled" : "reconciled partly: see NOTE");
    }

    private static string Count(List<string> ids) => ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
