using System.Globalization;
using Revocation.Cli.Hosting;
using Revocation.Core.Sweep;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

/// <summary>The summary <c>revctl run</c> prints at exit.</summary>
internal static class RunSummary
{
    public static void Write(bool json, RunStats stats, IReadOnlyList<SweepReport> sweeps, int waiting, StorageRequestCounter counter)
    {
        var events = stats.Intake.Values.Sum();
        var summary = new
        {
            processed = stats.ProcessedByQueue,
            failedAttempts = stats.FailuresByQueue,
            poisoned = stats.PoisonedByQueue,
            intake = stats.Intake,
            revocations = stats.Revocations,
            sweeps = sweeps.Select(s => new { s.Revocations, due = s.Items.Count, s.GuardReason, s.HintsRead, s.TokensRead }),
            awaitingRetry = waiting,
            storageRequests = new { tables = counter.Tables.Count, queues = counter.Queues.Count },
            storageRequestsPerEvent = events == 0 ? 0 : Math.Round((double)counter.Total / events, 2),
        };
        if (json)
        {
            Output.WriteJson(summary);
            return;
        }
        var o = Console.Out;
        o.WriteLine("revctl run summary");
        o.WriteLine($"  messages processed:  {Join(stats.ProcessedByQueue)}");
        o.WriteLine($"  intake outcomes:     {Join(stats.Intake)}");
        o.WriteLine($"  revocations:         {Join(stats.Revocations)}");
        foreach (var s in sweeps)
            o.WriteLine(s.GuardTripped
                ? $"  sweep:               guard tripped, nothing revoked: {s.GuardReason}"
                : $"  sweep:               {s.Items.Count} due, {s.Revocations} revocations queued ({s.HintsRead} index rows read)");
        if (!stats.FailuresByQueue.IsEmpty) o.WriteLine($"  failed attempts:     {Join(stats.FailuresByQueue)} (last: {stats.Errors.FirstOrDefault()})");
        if (!stats.PoisonedByQueue.IsEmpty) o.WriteLine($"  moved to poison:     {Join(stats.PoisonedByQueue)}");
        o.WriteLine($"  awaiting retry:      {waiting}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  storage requests:    {counter.Total} ({counter.Tables.Count} table, {counter.Queues.Count} queue), {summary.storageRequestsPerEvent} per intake event"));
    }

    private static string Join(IEnumerable<KeyValuePair<string, int>> counts)
    {
        var parts = counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}").ToList();
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
