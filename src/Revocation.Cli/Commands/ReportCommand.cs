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
        var command = new Command("report", "Governance posture per class and owner: active, due soon, ownerless, pending, revoked, failed, transfers.\n\n" +
            "Example: revctl report --format html > posture.html") { format };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var tokens = new List<TokenRecord>();
            await foreach (var t in services.GetRequiredService<ITokenStore>().ListAsync(ct)) tokens.Add(t);
            var offboarded = await services.GetRequiredService<IPeopleStore>().GetOffboardedAsync(ct, fresh: true);
            var posture = PostureReport.From(tokens, services.GetRequiredService<PolicyDocument>(), offboarded,
                services.GetRequiredService<TimeProvider>().GetUtcNow());
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
