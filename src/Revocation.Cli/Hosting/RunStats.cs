using System.Collections.Concurrent;

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
        Errors.Add($"{queue}: {e.GetType().Name}: {e.Message}");
    }

    public void Poisoned(string queue) => PoisonedByQueue.AddOrUpdate(queue, 1, (_, n) => n + 1);

    public void CountIntake(string outcome) => Intake.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    public void CountRevocation(string outcome) => Revocations.AddOrUpdate(outcome, 1, (_, n) => n + 1);
}
