using System.Diagnostics;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Revocation;

namespace Revocation.Bench;

/// <summary>
/// Seeds a real estate through the intake's own recorder (<see cref="TokenEventRecorder.ApplyAsync"/>): per token its
/// state row, ledger entry and de-duplication marker in one transaction, then the person and due indexes, the active
/// count and the posture aggregates, as an issuance writes them; <see cref="Concurrency"/> tokens at a time.
/// <c>due</c> of them were issued 100 days ago under the class's <c>maxTtl</c> P90D: due now.
/// </summary>
internal static class EstateSeeder
{
    public const int Concurrency = 32;

    public static async Task SeedAsync(BenchHost host, string prefix, int tokens, int due, int owners, CancellationToken cancellationToken)
    {
        var recorder = host.Get<TokenEventRecorder>();
        var now = DateTimeOffset.UtcNow;
        var credential = new CredentialReference("h", null);
        var stride = due == 0 ? int.MaxValue : Math.Max(1, tokens / due);
        long done = 0, duplicates = 0;
        var timer = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, tokens), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var at = i % stride == 0 && i / stride < due ? now.AddDays(-100) : now.AddMinutes(-(i % 600));
                var envelope = new EventEnvelope($"{prefix}-seed-{i}", "urn:bench:broker", EventTypes.TokenIssued, at);
                var result = await recorder.ApplyAsync(
                    new TokenIssued(envelope, $"bench:{prefix}-{i:D7}", Events.ClassName, $"person-{i % owners}@bench", null, at, null, null, null, credential), ct);
                // A duplicate is a commit whose answer was lost and retried by the SDK: recorded, but its posture change
                // was not added (the aggregates are hints); counted and printed.
                if (result.Outcome == IntakeOutcome.Duplicate) Interlocked.Increment(ref duplicates);
                else if (result.Outcome != IntakeOutcome.Accepted) throw new InvalidOperationException($"seed {i}: {result.Outcome} {result.Reason}");
                if (Interlocked.Increment(ref done) % 10_000 == 0) Output.Note($"seeded {done} tokens in {timer.Elapsed.TotalSeconds:0} s");
            });
        timer.Stop();
        Output.Line($"{prefix}.seed.tokens", tokens, "tokens");
        Output.Line($"{prefix}.seed.due", Math.Min(due, tokens), "tokens");
        Output.Line($"{prefix}.seed.owners", owners, "people");
        Output.Line($"{prefix}.seed.commits_retried_as_duplicates", duplicates, "tokens");
        Output.Seconds($"{prefix}.seed.time", timer.Elapsed);
        Output.Line($"{prefix}.seed.rate", Math.Round(tokens / timer.Elapsed.TotalSeconds, 1), "tokens/s");
    }
}
