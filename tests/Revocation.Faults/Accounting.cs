using System.Text;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Revocation.Core.Events;
using Revocation.Storage;

namespace Revocation.Faults;

/// <summary>
/// Counts what storage holds for the messages a scenario sent: valid events in the ledger (and how often), messages
/// in the rejections table (by message id or marker) and in the poison queues (by marker, whatever the encoding).
/// </summary>
public static class Accounting
{
    public static async Task<FaultFigures> CountAsync(
        string scenario, string connectionString, string run, IReadOnlyList<SentMessage> sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var clients = StorageClients.FromConnectionString(connectionString);
        var markerPattern = new Regex($@"fault-{Regex.Escape(run)}-[vh][0-9]+", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));

        var rejectedIds = new HashSet<string>(StringComparer.Ordinal);
        var rejectedMarkers = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var r in new TableRejectionStore(clients.Tables, Microsoft.Extensions.Options.Options.Create(new Revocation.Core.Storage.StorageOptions())).ListAsync(null, cancellationToken))
        {
            rejectedIds.Add(r.MessageId);
            foreach (Match m in markerPattern.Matches(r.Body)) rejectedMarkers.Add(m.Value);
        }

        var poisonMarkers = await PoisonMarkersAsync(connectionString, markerPattern, cancellationToken);
        var (recorded, duplicated) = await LedgerAsync(clients, sent.Where(s => s.IsValid).ToList(), cancellationToken);

        int rejected = 0, poisoned = 0;
        var unaccounted = new List<SentMessage>();
        foreach (var s in sent)
        {
            var isRejected = rejectedIds.Contains(s.MessageId) || rejectedMarkers.Contains(s.Marker);
            var isPoisoned = poisonMarkers.Contains(s.Marker);
            rejected += isRejected ? 1 : 0;
            poisoned += isPoisoned ? 1 : 0;
            if (!isRejected && !isPoisoned && !recorded.Contains(s.Marker)) unaccounted.Add(s);
        }

        // Which ones, by kind and encoding, so a failure says where to look.
        var notes = unaccounted.GroupBy(s => $"{s.Kind}{(s.Raw ? " raw" : "")}", StringComparer.Ordinal)
            .Select(g => $"unaccounted {g.Key}: {g.Count()} (e.g. {string.Join(", ", g.Take(5).Select(s => s.Marker))})").ToList();

        return new FaultFigures
        {
            Scenario = scenario, Sent = sent.Count, SentValid = sent.Count(s => s.IsValid), Recorded = recorded.Count,
            Duplicated = duplicated, Rejected = rejected, Poisoned = poisoned, Unaccounted = unaccounted.Count, Notes = notes,
        };
    }

    /// <summary>Markers of recorded valid events, and how many of them the ledger holds more than once.</summary>
    private static async Task<(HashSet<string> Recorded, int Duplicated)> LedgerAsync(
        StorageClients clients, List<SentMessage> valid, CancellationToken cancellationToken)
    {
        var store = new TableTokenStore(clients.Tables);
        var expected = valid.ToDictionary(v => (v.Source!, v.Marker, v.Type!), v => v.Marker);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(valid.Select(v => v.TokenId!).Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (tokenId, ct) =>
            {
                await foreach (var entry in store.ReadChainAsync(tokenId, ct))
                {
                    if (entry.EventSource is null || entry.EventId is null) continue;
                    if (!expected.TryGetValue((entry.EventSource, entry.EventId, entry.Type), out var marker)) continue;
                    lock (counts) counts[marker] = counts.GetValueOrDefault(marker) + 1;
                }
            });
        return ([.. counts.Keys], counts.Values.Count(c => c > 1));
    }

    /// <summary>Every marker in the poison queues, read raw and, where the text is base64, decoded too.</summary>
    private static async Task<HashSet<string>> PoisonMarkersAsync(string connectionString, Regex markers, CancellationToken cancellationToken)
    {
        var raw = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in QueueNames.All.Select(QueueNames.Poison))
        {
            var queue = raw.GetQueueClient(name);
            if (!await queue.ExistsAsync(cancellationToken)) continue;
            // Received, not peeked (a peek sees 32 at most); held for 10 min so one pass sees each once.
            while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(10), cancellationToken)).Value is { Length: > 0 } batch)
            {
                foreach (var message in batch)
                {
                    var text = message.Body.ToString();
                    foreach (Match m in markers.Matches(text)) found.Add(m.Value);
                    foreach (Match m in markers.Matches(Base64Text(text))) found.Add(m.Value);
                }
            }
        }

        return found;
    }

    private static string Base64Text(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : "";
    }
}
