using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Events;
using Revocation.Core.Storage;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

internal static partial class PoisonCommand
{
    public static Command Create()
    {
        var queueArg = new Argument<string?>("QUEUE") { Description = "An intake or revocation queue; all when omitted", Arity = ArgumentArity.ZeroOrOne };
        queueArg.AcceptOnlyFromAmong([.. QueueNames.All]);
        var list = new Command("list", "Messages that failed every attempt (<queue>-poison) and messages rejected as invalid, with type, id, source and first bytes.\n\n" +
            "Example: revctl poison list token-events") { queueArg };
        list.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var clients = services.GetRequiredService<StorageClients>();
            await StorageProvisioner.EnsureAsync(clients, ct);
            var rows = new List<PoisonRow>();
            foreach (var queue in parse.GetValue(queueArg) is { } q ? [q] : QueueNames.All)
            {
                // Undecoded: the Functions host moves a message that is not base64 here as it came.
                var poison = clients.RawQueues.GetQueueClient(QueueNames.Poison(queue));
                if (await poison.ExistsAsync(ct))
                    foreach (var m in (await poison.PeekMessagesAsync(32, ct)).Value)
                        rows.Add(QueueMessageText.TryDecode(m.Body, out var undecodable) is { } text
                            ? Describe(queue, "poison", m.MessageId, text, "failed every attempt")
                            : Describe(queue, "poison", m.MessageId, m.Body.ToString(), undecodable!));
            }
            await foreach (var r in services.GetRequiredService<IRejectionStore>().ListAsync(parse.GetValue(queueArg), ct))
                rows.Add(Describe(r.Queue, "rejected", r.MessageId, r.Body, r.Reason));
            if (settings.Json) Output.WriteJson(rows);
            else Output.WriteTable(["QUEUE", "KIND", "TYPE", "ID", "SOURCE", "REASON", "FIRST BYTES"],
                rows.Select(r => new[] { r.Queue, r.Kind, r.Type, r.Id, r.Source, r.Reason, r.Preview }));
            return CliApp.Ok;
        }));

        var replayQueue = new Argument<string>("QUEUE") { Description = "The queue whose poison messages to re-queue" };
        replayQueue.AcceptOnlyFromAmong([.. QueueNames.All]);
        var replay = new Command("replay", "Re-queue every message of <QUEUE>-poison onto QUEUE.\n\nExample: revctl poison replay revocations") { replayQueue };
        replay.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var clients = services.GetRequiredService<StorageClients>();
            await StorageProvisioner.EnsureAsync(clients, ct);
            var queue = parse.GetValue(replayQueue)!;
            // Moved as stored, without decoding and encoding again, so even a message that is not base64 moves.
            var target = clients.RawQueues.GetQueueClient(queue);
            var poison = clients.RawQueues.GetQueueClient(QueueNames.Poison(queue));
            var moved = 0;
            using (var progress = new Progress(settings.Json))
            {
                var exists = await poison.ExistsAsync(ct);
                while (exists && (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), ct)).Value is { Length: > 0 } batch)
                {
                    foreach (var m in batch)
                    {
                        // Send before delete: a crash in between duplicates a message (handlers are idempotent) rather than losing one.
                        await target.SendMessageAsync(m.Body.ToString(), ct);
                        await poison.DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
                        progress.Report($"re-queued {++moved} messages");
                    }
                }
            }
            if (settings.Json) Output.WriteJson(new { queue, replayed = moved });
            else Console.Out.WriteLine($"re-queued {moved} messages from {QueueNames.Poison(queue)} to {queue}");
            return CliApp.Ok;
        }));
        return new Command("poison", "See and re-queue failed messages.") { list, replay };
    }

    internal sealed record PoisonRow(string Queue, string Kind, string MessageId, string? Type, string? Id, string? Source, string Reason, string Preview);

    internal static PoisonRow Describe(string queue, string kind, string messageId, string body, string reason)
    {
        string? type = null, id = null, source = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                type = Str(doc.RootElement, "type") ?? (doc.RootElement.TryGetProperty("tokenId", out _) ? "revocation-request" : null);
                id = Str(doc.RootElement, "id") ?? Str(doc.RootElement, "tokenId");
                source = Str(doc.RootElement, "source");
            }
        }
        catch (JsonException)
        {
        }
        return new PoisonRow(queue, kind, messageId, type, id, source, reason, Preview(body));
    }

    /// <summary>The first bytes, with long strings (which may be credentials) masked.</summary>
    internal static string Preview(string body)
    {
        var masked = LongString().Replace(body, "\"***\"");
        var flat = new string([.. masked.Take(80).Select(c => char.IsControl(c) ? '.' : c)]);
        return masked.Length > 80 ? flat + "…" : flat;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [GeneratedRegex("\"[^\"]{24,}\"")]
    private static partial Regex LongString();
}
