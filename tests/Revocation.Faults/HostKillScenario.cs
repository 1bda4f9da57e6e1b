using System.Globalization;

namespace Revocation.Faults;

/// <summary>
/// kill -9 of <c>revctl run</c> <see cref="Kills"/> times during an intake of <see cref="Events"/> events (issue 11: 3,000
/// and 5), each kill followed by a restart, then a drain. Every event must be recorded exactly once.
/// A killed host's received messages come back when their lease ends: 10 s, renewed while a message is in hand
/// (HostSettings.Lease, MessageLease); before issue 11's fix it was 5 minutes, and the queues did not drain in the bound.
/// </summary>
public sealed class HostKillScenario
{
    public int Events { get; init; } = 3000;

    public int Kills { get; init; } = 5;

    public TimeSpan DrainBound { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Seeds the jitter of the kills' points in the intake, so a failure replays.</summary>
    public int Seed { get; init; } = 20261130;

    public async Task<FaultFigures> RunAsync(Action<string> note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var stand = await FaultStand.StartAsync(null, cancellationToken);
        var events = new ValidEvents(run).IssuedAndUsed(Events);
        await new MessageSender(stand.Azurite.ConnectionString).SendAsync(events, cancellationToken);
        note($"host-kill: {events.Count} events queued, seed {Seed}");

        var host = await stand.StartHostAsync();
        var random = new Random(Seed);
        var queues = stand.Clients.Queues;
        for (var kill = 1; kill <= Kills; kill++)
        {
            // Kill k once the intake is about k/(Kills+1) of the way through (± a seeded jitter), so every kill lands mid-intake.
            var fraction = (kill + ((random.NextDouble() - 0.5) * 0.5)) / (Kills + 1);
            var reached = await Drain.UntilAtMostAsync(queues, (int)(events.Count * (1 - fraction)), TimeSpan.FromSeconds(60), cancellationToken);
            var waiting = await Drain.WaitingAsync(queues, cancellationToken);
            await host.KillAsync();
            note(string.Create(CultureInfo.InvariantCulture,
                $"host-kill: kill -9 #{kill} with {waiting} messages queued or leased{(reached ? "" : " (intake stalled short of this kill's point)")}"));
            await host.StartAsync();
        }

        return await stand.FinishAsync("host_kill", run, [.. events.Select(e => e.Message)], DrainBound, Kills, cancellationToken);
    }
}
