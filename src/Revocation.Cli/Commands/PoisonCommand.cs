using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Events;
using Revocation.Core.Storage;
using Revocation.Signals;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

internal static partial class PoisonCommand
{
    public static Command Create()
    {
        var queueArg = new Argument<string?>("QUEUE")
        {
            Description = $"An intake or revocation queue, or '{SignalService.RejectionQueue}' (refused signed SETs); all when omitted", Arity = ArgumentArity.ZeroOrOne,
        };
        queueArg.AcceptOnlyFromAmong([.. QueueNames.All, SignalService.RejectionQueue]);
        var list = new Command("list", "Failed messages, by kind: 'poison' failed every attempt (<queue>-poison) and may succeed on replay; " +
            "'poison-invalid' is in <queue>-poison but can never succeed (replay skips it; purge deletes it); 'rejected' was refused as " +
            "invalid and kept with its reason (never retried). With type, id, source and first bytes.\n\n" +
            "Example: revctl poison list token-events --json > poison.json") { queueArg };
        list.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var clients = services.GetRequiredService<StorageClients>();
            await CliStorage.EnsureProvisionedAsync(settings, clients, ct);
            var rows = new List<PoisonRow>();
            foreach (var queue in parse.GetValue(queueArg) is { } q ? [q] : QueueNames.All)
            {
                var poison = clients.RawQueues.GetQueueClient(QueueNames.Poison(queue));
                if (!await poison.ExistsAsync(ct)) continue;
                // Peeked, so listing changes nothing; a peek sees at most 32 messages.
                var peeked = (await poison.PeekMessagesAsync(MaxPeek, ct)).Value;
                if (peeked.Length == MaxPeek) Output.Warn($"{QueueNames.Poison(queue)} holds more than the {MaxPeek} messages listed");
                foreach (var m in peeked)
                {
                    var never = PoisonVerdict.WhyNever(queue, m.Body);
                    rows.Add(Describe(queue, never is null ? "poison" : "poison-invalid", m.MessageId, PoisonVerdict.Text(m.Body),
                        never ?? PoisonVerdict.Replayable, m.InsertedOn));
                }
            }
            await foreach (var r in services.GetRequiredService<IRejectionStore>().ListAsync(parse.GetValue(queueArg), ct))
                rows.Add(Describe(r.Queue, "rejected", r.MessageId, r.Body, r.Reason, r.ReceivedAt));
            Output.WriteList(settings.Format, rows, ["QUEUE", "KIND", "SINCE", "TYPE", "ID", "SOURCE", "REASON", "FIRST BYTES"],
                r => [r.Queue, r.Kind, Output.Time(r.Since), r.Type, r.Id, r.Source, r.Reason, r.Preview]);
            return CliApp.Ok;
        }));
        return new Command("poison", "See, re-queue and purge failed messages.") { list, PoisonReplayCommand.Create(), PoisonPurgeCommand.Create() };
    }

    /// <summary>One peek's maximum (Azure Queue storage).</summary>
    private const int MaxPeek = 32;

    /// <summary>A failed message. <see cref="Kind"/>: poison, poison-invalid or rejected; <see cref="Replayable"/>: only poison.</summary>
    internal sealed record PoisonRow(
        string Queue, string Kind, bool Replayable, string MessageId, DateTimeOffset? Since, string? Type, string? Id, string? Source, string Reason, string Preview);

    internal static PoisonRow Describe(string queue, string kind, string messageId, string body, string reason, DateTimeOffset? since = null)
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
        return new PoisonRow(queue, kind, kind == "poison", messageId, since, type, id, source, reason, Preview(body));
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
