using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Policy;
using Revocation.Core.Posture;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Cli.Commands;

internal static class ReportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "md, json or html", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json", "html");
        var scan = new Option<bool>("--scan") { Description = "Read every token's state instead of the aggregates (due recomputed under the current policy and leavers)" };
        var rebuild = new Option<bool>("--rebuild") { Description = "Scan, and replace the aggregates with what the scan counted (the repair after a crash)" };
        var command = new Command("report", "Governance posture per class and owner: active, due soon, ownerless, pending, revoked, failed, transfers.\n\n" +
            "Served from the posture aggregates kept on every state change (a row per class and owner); --scan reads every token.\n\n" +
            "Example: revctl report --format html > posture.html") { format, scan, rebuild };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var aggregates = services.GetRequiredService<IPostureStore>();
            PostureReport posture;
            if (parse.GetValue(scan) || parse.GetValue(rebuild))
            {
                var tokens = new List<TokenRecord>();
                await foreach (var t in services.GetRequiredService<ITokenStore>().ListAsync(ct)) tokens.Add(t);
                var offboarded = await services.GetRequiredService<IPeopleStore>().GetOffboardedAsync(ct, fresh: true);
                var cells = PostureTally.Cells(tokens, services.GetRequiredService<PolicyDocument>(), offboarded);
                if (parse.GetValue(rebuild)) await aggregates.ReplaceAsync(cells, ct);
                posture = PostureReport.FromTotals(PostureTally.Fold(cells), now);
            }
            else posture = PostureReport.FromTotals(PostureTally.Fold(await aggregates.ReadAsync(ct)), now);
            var chosen = settings.Json ? "json" : parse.GetValue(format);
            Console.Out.Write(chosen switch
            {
                "json" => System.Text.Json.JsonSerializer.Serialize(posture, Output.JsonOptions) + "\n",
                "html" => ReportHtml.Render(posture),
                _ => ReportMarkdown.Render(posture),
            });
            return CliApp.Ok;
        }));
        return command;
    }
}
