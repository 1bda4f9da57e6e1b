using System.Globalization;

namespace Revocation.Faults;

/// <summary>
/// Storage (Azurite, on disk) stopped mid-run and started again on the same ports, alternately with SIGTERM and
/// SIGKILL, <see cref="Stops"/> times (issue 11: one of each) while <c>revctl run</c> works through <see cref="Events"/>
/// events; storage stays down for <see cref="Outage"/> each time. Azurite saves its metadata every 5 s and on a clean
/// exit, so after a SIGKILL it can forget writes it acknowledged in its last seconds, which Azure Storage never does:
/// a loss after a SIGKILL stop names the emulator as a suspect before the pipeline.
/// </summary>
public sealed class StorageKillScenario
{
    public int Events { get; init; } = 3000;

    public int Stops { get; init; } = 2;

    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan DrainBound { get; init; } = TimeSpan.FromMinutes(10);

    public async Task<FaultFigures> RunAsync(Action<string> note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var stand = await FaultStand.StartAsync(null, cancellationToken);
        var events = new ValidEvents(run).IssuedAndUsed(Events);
        await new MessageSender(stand.Azurite.ConnectionString).SendAsync(events, cancellationToken);
        note($"storage-kill: {events.Count} events queued");

        var host = await stand.StartHostAsync();
        var queues = stand.Clients.Queues;
        for (var stop = 1; stop <= Stops; stop++)
        {
            // Stop s once the intake is s/(Stops+1) of the way through.
            await Drain.UntilAtMostAsync(queues, events.Count * (Stops + 1 - stop) / (Stops + 1), TimeSpan.FromSeconds(60), cancellationToken);
            var kill = stop % 2 == 0;
            var waiting = await Drain.WaitingAsync(queues, cancellationToken);
            await stand.Azurite.StopAsync(kill);
            note(string.Create(CultureInfo.InvariantCulture,
                $"storage-kill: Azurite stopped with {(kill ? "SIGKILL" : "SIGTERM")} (#{stop}) with {waiting} messages queued or leased; down {Outage.TotalSeconds} s"));
            await Task.Delay(Outage, cancellationToken);
            await stand.Azurite.RestartAsync(cancellationToken);
        }

        return await stand.FinishAsync("storage_kill", run, [.. events.Select(e => e.Message)], DrainBound, Stops, cancellationToken);
    }
}
