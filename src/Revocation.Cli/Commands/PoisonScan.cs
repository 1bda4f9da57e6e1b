using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Revocation.Cli.Commands;

/// <summary>
/// Visits every message of a poison queue once (a peek sees at most 32). Each message is received (hidden for
/// <see cref="Lease"/>) and handed to a visitor that either settles it (deletes or moves it) or keeps it; kept
/// messages are made visible again at the end, so a scan that keeps everything leaves the queue as it was.
/// </summary>
internal static class PoisonScan
{
    /// <summary>Long enough to visit a large queue once; a crash mid-scan only hides the rest this long.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>The visitor returns true when it settled the message (it must then delete it), false to keep it.</summary>
    public static async Task ForEachAsync(QueueClient poison, Func<QueueMessage, Task<bool>> visit, CancellationToken ct)
    {
        if (!await poison.ExistsAsync(ct)) return;
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        while ((await poison.ReceiveMessagesAsync(32, Lease, ct)).Value is { Length: > 0 } batch)
        {
            var fresh = 0;
            foreach (var m in batch)
            {
                // Seen before: the scan outlived its lease; this message was already visited and kept.
                if (kept.ContainsKey(m.MessageId))
                {
                    kept[m.MessageId] = m.PopReceipt;
                    continue;
                }
                fresh++;
                if (!await visit(m)) kept[m.MessageId] = m.PopReceipt;
            }
            if (fresh == 0) break;
        }
        foreach (var (id, receipt) in kept)
            await poison.UpdateMessageAsync(id, receipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
    }
}
