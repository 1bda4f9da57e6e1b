using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Events;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

/// <summary><c>revctl poison replay QUEUE</c>: re-queue what may succeed; skip, and say why, what never can.</summary>
internal static class PoisonReplayCommand
{
    internal sealed record Skipped(string MessageId, string? Type, string? Id, string Reason);

    public static Command Create()
    {
        var queueArg = new Argument<string>("QUEUE") { Description = "The queue whose poison messages to re-queue" };
        queueArg.AcceptOnlyFromAmong([.. QueueNames.All]);
        var replay = new Command("replay", "Re-queue the messages of <QUEUE>-poison onto QUEUE. A message that can never succeed (not base64 " +
            "UTF-8, not a valid event or revocation request) is skipped with its reason and stays in <QUEUE>-poison " +
            "(see 'revctl poison purge').\n\nExample: revctl poison replay revocations") { queueArg };
        replay.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var clients = services.GetRequiredService<StorageClients>();
            await CliStorage.EnsureProvisionedAsync(settings, clients, ct);
            var queue = parse.GetValue(queueArg)!;
            // Moved as stored, without decoding and encoding again.
            var target = clients.RawQueues.GetQueueClient(queue);
            var moved = 0;
            var skipped = new List<Skipped>();
            using (var progress = new Progress(settings.Json))
            {
                await PoisonScan.ForEachAsync(clients.RawQueues.GetQueueClient(QueueNames.Poison(queue)), async m =>
                {
                    if (PoisonVerdict.WhyNever(queue, m.Body) is { } never)
                    {
                        var row = PoisonCommand.Describe(queue, "poison-invalid", m.MessageId, PoisonVerdict.Text(m.Body), never);
                        skipped.Add(new Skipped(m.MessageId, row.Type, row.Id, never));
                        return false;
                    }
                    // Send before delete: a crash in between duplicates a message (handlers are idempotent) rather than losing one.
                    await target.SendMessageAsync(m.Body.ToString(), ct);
                    await clients.RawQueues.GetQueueClient(QueueNames.Poison(queue)).DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
                    progress.Report($"re-queued {++moved} messages");
                    return true;
                }, ct);
            }
            if (settings.Json) Output.WriteDocument(settings.Format, new { queue, replayed = moved, skipped });
            else
            {
                Console.Out.WriteLine($"re-queued {moved} messages from {QueueNames.Poison(queue)} to {queue}");
                foreach (var s in skipped)
                    Console.Out.WriteLine($"skipped {s.MessageId} ({s.Type ?? "unknown type"} {s.Id ?? "-"}): {s.Reason}; it can never succeed");
                if (skipped.Count > 0)
                    Console.Out.WriteLine($"{skipped.Count} skipped messages stay in {QueueNames.Poison(queue)}: export with " +
                        $"'revctl poison list {queue} --json', then 'revctl poison purge {queue} --confirm'");
            }
            return CliApp.Ok;
        }));
        return replay;
    }
}
