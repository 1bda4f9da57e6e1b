using System.CommandLine;
using Revocation.Cli.Hosting;

namespace Revocation.Cli.Commands;

internal static class ReportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "md, json or html", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json", "html");
        var command = new Command("report", "Governance posture per class and owner (active, due soon, ownerless, pending, revoked, failed, transfers), controls (OWASP NHI, NIST CSF PR.AA) passed or failed with their tokens, and findings (top owners, no owner, due soon, failed revocations, zombies, incidents).\n\n" +
            "Example: revctl report --format html > posture.html") { format };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var report = await ReportModel.LoadAsync(services, ct);
            Console.Out.Write(report.Render(settings.Json ? "json" : parse.GetValue(format)!));
            return CliApp.Ok;
        }));
        return command;
    }
}
