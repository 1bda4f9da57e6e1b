using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Sweep;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

internal static class SweepCommand
{
    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be revoked and why; change nothing" };
        var confirm = new Option<bool>("--confirm") { Description = "Proceed even if the blast-radius guard trips" };
        var command = new Command("sweep", "Run one sweep now. Queued revocations run in the host (revctl run).\n\n" +
            "Example: revctl sweep --dry-run") { dryRun, confirm };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            if (parse.GetValue(dryRun) && parse.GetValue(confirm)) throw new UsageException("--dry-run and --confirm exclude each other");
            using var services = CliServices.Build(settings);
            if (!parse.GetValue(dryRun)) await CliStorage.EnsureProvisionedAsync(settings, services.GetRequiredService<StorageClients>(), ct);
            var mode = parse.GetValue(dryRun) ? SweepMode.DryRun : parse.GetValue(confirm) ? SweepMode.Confirm : SweepMode.Normal;
            var report = await services.GetRequiredService<SweepService>().RunAsync(mode, ct);
            if (settings.Json) Output.WriteDocument(settings.Format, report);
            else
            {
                Output.WriteTable(["TOKEN", "ACTION", "REASONS"], report.Items.Select(i => new[] { i.TokenId, i.Action, string.Join(",", i.Reasons) }));
                Console.Out.WriteLine(report switch
                {
                    { Mode: SweepMode.DryRun } => $"dry run: {report.Revocations} would be revoked of {report.ActiveTokens} active; nothing changed" +
                        (report.GuardTripped ? $"; the guard would trip: {report.GuardReason}" : ""),
                    { GuardTripped: true, Mode: SweepMode.Normal } => $"guard tripped, nothing revoked: {report.GuardReason}. Proceed with: revctl sweep --confirm",
                    _ => $"{report.Revocations} revocations queued",
                });
            }
            return report.GuardTripped && mode == SweepMode.Normal ? CliApp.Failure : CliApp.Ok;
        }));
        return command;
    }
}
