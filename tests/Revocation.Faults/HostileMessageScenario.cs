using System.Globalization;

namespace Revocation.Faults;

/// <summary>
/// <see cref="Hostile"/> hostile messages (<see cref="HostileMessages"/>: ten kinds, both encodings) shuffled among
/// <see cref="Valid"/> valid events (issue 11: 10,000 among 500) onto a running <c>revctl run</c>. Every valid event
/// must be recorded once and every hostile message rejected with its reason or poisoned.
/// Before issue 11's fix a raw (non-base64) message made the receive throw and stopped the local host; the host now
/// decodes each message itself and keeps an undecodable one as a rejection with its reason.
/// </summary>
public sealed class HostileMessageScenario
{
    public int Hostile { get; init; } = 10_000;

    public int Valid { get; init; } = 500;

    public TimeSpan DrainBound { get; init; } = TimeSpan.FromMinutes(10);

    public int Seed { get; init; } = 20261130;

    public async Task<FaultFigures> RunAsync(Action<string> note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var stand = await FaultStand.StartAsync(null, cancellationToken);
        var valid = new ValidEvents(run).IssuedAndUsed(Valid).Select(e => (e.Message, BinaryData.FromString(e.Body)));
        var hostile = Enumerable.Range(0, Hostile).Select(n => HostileMessages.Create(run, n));
        var random = new Random(Seed);
        var mix = valid.Concat(hostile).OrderBy(_ => random.Next()).ToList();

        var host = await stand.StartHostAsync();
        await new MessageSender(stand.Azurite.ConnectionString).SendAsync(mix, cancellationToken);
        note(string.Create(CultureInfo.InvariantCulture,
            $"hostile: sent {Hostile} hostile ({mix.Count(m => m.Message.Raw)} raw) among {Valid} valid, seed {Seed}"));

        return await stand.FinishAsync("hostile", run, [.. mix.Select(m => m.Message)], DrainBound, Hostile, cancellationToken);
    }
}
