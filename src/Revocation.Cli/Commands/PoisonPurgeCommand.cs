using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Events;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

/// <summary>
/// <c>revctl poison purge QUEUE [--before TIME] [--confirm]</c>: deletes messages of <c>&lt;QUEUE&gt;-poison</c>. Without
/// <c>--confirm</c> it only lists what would go. Rejections (invalid messages kept with their reason) are never
/// purged: they are the record of what the pipeline refused.
/// </summary>
internal static class PoisonPurgeCommand
{
    public static Command Create()
    {
        var queueArg = new Argument<string>("QUEUE") { Description = "The queue whose poison messages to delete" };
        queueArg.AcceptOnlyFromAmong([.. QueueNames.All]);
        var before = new Option<string?>("--before") { Description = "Only messages put on the poison queue before this time: " + SinceTime.Forms };
        var confirm = new Option<bool>("--confirm") { Description = "Delete; without it, list what would be deleted and change nothing" };
        var purge = new Command("purge", "Delete the messages of <QUEUE>-poison (not rejections, which are kept as the record of refused input). " +
            "Export first: revctl poison list QUEUE --json > poison.json\n\nExample: revctl poison purge token-events --before 7d --confirm")
            { queueArg, before, confirm };
        purge.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var cutoff = parse.GetValue(before) is { } text
                ? SinceTime.Parse(text, services.GetRequiredService<TimeProvider>().GetUtcNow(), "--before")
                : (DateTimeOffset?)null;
            var clients = services.GetRequiredService<StorageClients>();
            await CliStorage.EnsureProvisionedAsync(settings, clients, ct);
            var queue = parse.GetValue(queueArg)!;
            var poison = clients.RawQueues.GetQueueClient(QueueNames.Poison(queue));
            var deleting = parse.GetValue(confirm);
            var rows = new List<PoisonCommand.PoisonRow>();
            await PoisonScan.ForEachAsync(poison, async m =>
            {
                if (cutoff is { } c && m.InsertedOn >= c) return false;
                var never = PoisonVerdict.WhyNever(queue, m.Body);
                rows.Add(PoisonCommand.Describe(queue, never is null ? "poison" : "poison-invalid", m.MessageId, PoisonVerdict.Text(m.Body),
                    never ?? PoisonVerdict.Replayable));
                if (!deleting) return false;
                await poison.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
                return true;
            }, ct);
            if (settings.Json) Output.WriteDocument(settings.Format, new { queue, deleted = deleting, count = rows.Count, messages = rows });
            else
            {
                Output.WriteTable(["KIND", "TYPE", "ID", "MESSAGE", "REASON"], rows.Select(r => new[] { r.Kind, r.Type, r.Id, r.MessageId, r.Reason }));
                Console.Out.WriteLine(deleting
                    ? $"deleted {rows.Count} messages from {QueueNames.Poison(queue)}"
                    : $"would delete {rows.Count} messages from {QueueNames.Poison(queue)}; nothing deleted. Export them first " +
                      $"('revctl poison list {queue} --json > poison.json'), then add --confirm");
            }
            return CliApp.Ok;
        }));
        return purge;
    }
}
