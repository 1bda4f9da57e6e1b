using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Cli.Publishing;
using Revocation.Core.Events;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

internal static class PublishCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "CloudEvents: one object, an array, or JSON Lines; '-' for stdin" };
        var command = new Command("publish", "Publish CloudEvents to the queue of their type; prints each id.\n\n" +
            "Example: revctl publish samples/demo/events.jsonl") { file };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            var path = parse.GetValue(file)!;
            if (path != "-" && !File.Exists(path)) throw new UsageException($"file not found: {path}");
            var text = path == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
            var events = Split(text);
            // All or nothing: a file with a bad event is refused before anything is sent, so fixing it and publishing
            // again does not depend on which events went out the first time.
            var problems = events.Select((raw, i) => (Index: i + 1, Problem: Check(raw))).Where(p => p.Problem is not null).ToList();
            if (problems.Count > 0)
            {
                foreach (var (index, problem) in problems) Console.Error.WriteLine($"revctl: event {index}: {problem}");
                throw new UsageException($"nothing published: {problems.Count} of {events.Count} events invalid (docs/events.md, schemas/events/)");
            }
            using var services = CliServices.Build(settings, requirePolicy: false);
            var clients = services.GetRequiredService<StorageClients>();
            await CliStorage.EnsureProvisionedAsync(settings, clients, ct);
            var published = new List<object>();
            foreach (var raw in events)
            {
                var e = EventParser.Parse(raw).Event!.Envelope;
                var queue = EventTypes.QueueFor(e.Type);
                await clients.Queues.GetQueueClient(queue).SendMessageAsync(raw, ct);
                published.Add(new { id = e.Id, source = e.Source, type = e.Type, queue });
                if (!settings.Json) Console.Out.WriteLine($"{e.Id}\t{e.Type}\t{queue}");
            }
            if (settings.Json) Output.WriteJson(new { published, failed = 0 });
            return CliApp.Ok;
        }));
        return command;
    }

    /// <summary>Why an event would be refused: the parser's reason (the runtime's rules), else its type's schema's.</summary>
    internal static string? Check(string raw)
    {
        var parsed = EventParser.Parse(raw);
        return parsed.IsValid ? EventSchemas.FirstProblem(raw) : parsed.Rejection;
    }

    /// <summary>Splits the input into one JSON text per event, kept as written.</summary>
    internal static List<string> Split(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('['))
        {
            try
            {
                using var doc = JsonDocument.Parse(trimmed);
                return [.. doc.RootElement.EnumerateArray().Select(e => e.GetRawText())];
            }
            catch (JsonException e)
            {
                throw new UsageException($"input is not a valid JSON array: {e.Message}");
            }
        }
        try
        {
            using var single = JsonDocument.Parse(trimmed);
            return [single.RootElement.GetRawText()];
        }
        catch (JsonException)
        {
            return [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
        }
    }

}
