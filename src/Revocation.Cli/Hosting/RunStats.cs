using System.Collections.Concurrent;
using Azure;

namespace Revocation.Cli.Hosting;

/// <summary>What the local host did, for its exit summary.</summary>
internal sealed class RunStats
{
    public ConcurrentDictionary<string, int> ProcessedByQueue { get; } = new();
    public ConcurrentDictionary<string, int> FailuresByQueue { get; } = new();
    public ConcurrentDictionary<string, int> PoisonedByQueue { get; } = new();
    public ConcurrentDictionary<string, int> Intake { get; } = new();
    public ConcurrentDictionary<string, int> Revocations { get; } = new();
    public ConcurrentBag<string> Errors { get; } = [];
    public int Sweeps;

    public void Processed(string queue) => ProcessedByQueue.AddOrUpdate(queue, 1, (_, n) => n + 1);

    public void Failed(string queue, Exception e)
    {
        FailuresByQueue.AddOrUpdate(queue, 1, (_, n) => n + 1);
        ArgumentNullException.ThrowIfNull(e);
        Errors.Add($"{queue}: {e.GetType().Name}: {OneLine(e)}");
    }

    /// <summary>
    /// One line for the summary: storage errors carry their whole response (headers, an XML body) in the message, so
    /// they are shown as their first line with the status and error code; anything else as its message's first line.
    /// </summary>
    public static string OneLine(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var first = e.Message.Split(['\r', '\n'], 2)[0].Trim();
        return e is RequestFailedException r
            ? $"{first} (status {r.Status}{(string.IsNullOrEmpty(r.ErrorCode) ? "" : ", " + r.ErrorCode)})"
            : first;
    }

    public void Poisoned(string queue) => PoisonedByQueue.AddOrUpdate(queue, 1, (_, n) => n + 1);

    public void CountIntake(string outcome) => Intake.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    public void CountRevocation(string outcome) => Revocations.AddOrUpdate(outcome, 1, (_, n) => n + 1);
}
