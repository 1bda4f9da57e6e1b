using System.CommandLine;
using Revocation.Cli.Hosting;

namespace Revocation.Cli.Commands;

internal static class ReportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "md, json or html", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json", "html");
        var scan = new Option<bool>("--scan")
        {
            Description = "Read every token's state instead of the aggregates: the posture counted from them, and the controls and findings that name tokens",
        };
        var rebuild = new Option<bool>("--rebuild") { Description = "As --scan, and replace the aggregates with what the scan counted (the repair after a crash)" };
        var command = new Command("report", "Governance posture per class and owner (active, due soon, ownerless, pending, revoked, failed, transfers), from the " +
            "aggregates kept on every state change; with --scan also the controls (OWASP NHI, NIST CSF PR.AA) passed or failed with their tokens, and " +
            "findings (top owners, no owner, due soon, failed revocations, zombies, denied uses, incidents).\n\n" +
            "Example: revctl report --scan --format html > posture.html") { format, scan, rebuild };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var report = parse.GetValue(scan) || parse.GetValue(rebuild)
                ? await ReportModel.LoadAsync(services, ct, rebuildAggregates: parse.GetValue(rebuild))
                : await ReportModel.FromAggregatesAsync(services, ct);
            Console.Out.Write(report.Render(settings.Json ? "json" : parse.GetValue(format)!));
            return CliApp.Ok;
        }));
        return command;
    }
}
