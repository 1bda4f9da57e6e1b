using System.Globalization;
using Revocation.Cli.Hosting;
using Revocation.Core.Revocation;
using Revocation.Core.Sweep;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

/// <summary>The summary <c>revctl run</c> prints at exit.</summary>
internal static class RunSummary
{
    /// <summary>
    /// The run failed (exit 1) when a revocation ended <c>revocation-failed</c> or a message was moved to its poison
    /// queue: in both cases a credential may still be live and an operator must look (<c>revctl poison list</c>,
    /// <c>revctl tokens list --state revocation-failed</c>). Rejected (invalid) messages do not fail the run: they are
    /// kept with their reason and no retry could change them.
    /// </summary>
    public static bool Failed(RunStats stats) => RevocationsFailed(stats) > 0 || stats.PoisonedByQueue.Values.Sum() > 0;

    private static int RevocationsFailed(RunStats stats) => stats.Revocations.GetValueOrDefault(nameof(RevocationResult.Failed));

    public static void Write(OutputFormat format, RunStats stats, IReadOnlyList<SweepReport> sweeps, int waiting, StorageRequestCounter counter)
    {
        var events = stats.Intake.Values.Sum();
        var summary = new
        {
            failed = Failed(stats),
            revocationsFailed = RevocationsFailed(stats),
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
        if (format != OutputFormat.Table)
        {
            Output.WriteDocument(format, summary);
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
        if (summary.failed)
            o.WriteLine($"  FAILED (exit 1):     {summary.revocationsFailed} revocations failed, {stats.PoisonedByQueue.Values.Sum()} messages moved to poison; " +
                "see 'revctl tokens list --state revocation-failed' and 'revctl poison list'");
    }

    private static string Join(IEnumerable<KeyValuePair<string, int>> counts)
    {
        var parts = counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}").ToList();
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
