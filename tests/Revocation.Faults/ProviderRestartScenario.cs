using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Revocation.Core.Tokens;
using Revocation.Secrets;
using Revocation.Storage;
using Revocation.Testing;

namespace Revocation.Faults;

/// <summary>
/// The OAuth server (oidc-provider, tokens in a store file so a restart keeps them) stopped and restarted during
/// revocations: <see cref="Tokens"/> real tokens are issued and retired; once the first is revoked the server is
/// stopped (SIGKILL, then SIGTERM on a second stop) for <see cref="Outage"/> while the other half is retired, then
/// restarted on the same port. A token recorded <c>revoked</c> must be inactive at the server (RFC 7662), and none
/// still active may be recorded revoked.
/// </summary>
public sealed class ProviderRestartScenario
{
    public int Tokens { get; init; } = 200;

    public int Stops { get; init; } = 1;

    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan DrainBound { get; init; } = TimeSpan.FromMinutes(10);

    public async Task<FaultFigures> RunAsync(Action<string> note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        var run = Guid.NewGuid().ToString("N")[..8];
        var storeFile = Path.Combine(Path.GetTempPath(), $"oauth-store-{run}.json");
        await using var oauth = await OAuthServerFixture.StartPersistentAsync(storeFile, cancellationToken);
        await using var stand = await FaultStand.StartAsync(oauth.RevocationEndpoint, cancellationToken);
        var sender = new MessageSender(stand.Azurite.ConnectionString);
        var events = new ValidEvents(run);
        var secrets = new LocalSecretStore(stand.Clients.Tables, Options.Create(new LocalSecretStoreOptions { KeyFilePath = stand.KeyFile }),
            NullLogger<LocalSecretStore>.Instance);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var sent = new List<SentMessage>();
        var issuedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        var issued = new List<(SentMessage Message, string Body)>();
        for (var i = 0; i < Tokens; i++)
        {
            var value = values[events.TokenId(i)] = await oauth.GetClientCredentialsTokenAsync();
            issued.Add(events.Issued(events.TokenId(i), issuedAt, await secrets.PutAsync(value, cancellationToken)));
        }

        var host = await stand.StartHostAsync();
        var tokens = new TableTokenStore(stand.Clients.Tables);
        await SendAsync(issued);
        await Poll.UntilAsync(async () => await CountAsync(tokens, values.Keys, TokenStates.Active, cancellationToken) == Tokens, DrainBound, cancellationToken);
        note($"provider: {Tokens} tokens issued at the server and active in the ledger");

        var retired = values.Keys.Select(id => events.Retired(id, issuedAt.AddMinutes(5))).ToList();
        var perStop = Math.Max(1, retired.Count / (Stops + 1));
        var revokedAtStop = 0;
        for (var stop = 1; stop <= Stops; stop++)
        {
            // Each stop once a revocation of this round's part went through: the others of that part are in flight.
            await SendAsync(retired.Skip((stop - 1) * perStop).Take(perStop));
            var before = revokedAtStop;
            await Poll.UntilAsync(async () => await CountAsync(tokens, values.Keys, TokenStates.Revoked, cancellationToken) > before, DrainBound, cancellationToken);
            var kill = stop % 2 == 1;
            await oauth.StopAsync(kill);
            revokedAtStop = await CountAsync(tokens, values.Keys, TokenStates.Revoked, cancellationToken);
            note(string.Create(CultureInfo.InvariantCulture,
                $"provider: server stopped with {(kill ? "SIGKILL" : "SIGTERM")} (#{stop}) with {revokedAtStop} of {Tokens} revoked; down {Outage.TotalSeconds} s"));
            await SendAsync(retired.Skip(stop * perStop).Take(stop == Stops ? int.MaxValue : 0));
            await Task.Delay(Outage, cancellationToken);
            await oauth.RestartAsync(cancellationToken);
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var drained = await Drain.WaitAsync(stand.Azurite.ConnectionString, DrainBound, cancellationToken) is not null
            && await Poll.UntilAsync(async () => await CountAsync(tokens, values.Keys, TokenStates.RevocationPending, cancellationToken) == 0,
                DrainBound - started.Elapsed, cancellationToken);
        TimeSpan? drain = drained ? started.Elapsed : null;
        await host.TerminateAsync();

        var figures = await Accounting.CountAsync("provider", stand.Azurite.ConnectionString, run, sent, cancellationToken);
        int revoked = 0, unconfirmed = 0, inactiveNotRecorded = 0, failed = 0;
        foreach (var (tokenId, value) in values)
        {
            var state = (await tokens.TryGetAsync(tokenId, cancellationToken))?.State;
            var active = await oauth.IsActiveAsync(value);
            revoked += state == TokenStates.Revoked ? 1 : 0;
            failed += state == TokenStates.RevocationFailed ? 1 : 0;
            unconfirmed += state == TokenStates.Revoked && active ? 1 : 0;
            inactiveNotRecorded += state != TokenStates.Revoked && !active ? 1 : 0;
        }

        File.Delete(storeFile);
        return figures with
        {
            DrainTime = drain, DrainBound = DrainBound, Faults = Stops, UnplannedHostExits = host.UnplannedExits, Revoked = revoked,
            RevokedUnconfirmed = unconfirmed, InactiveNotRecorded = inactiveNotRecorded, RevocationFailed = failed,
            Notes = [.. figures.Notes, .. host.Notes(drain is not null)],
        };

        async Task SendAsync(IEnumerable<(SentMessage Message, string Body)> batch)
        {
            var list = batch.ToList();
            sent.AddRange(list.Select(m => m.Message));
            await sender.SendAsync(list, cancellationToken);
        }
    }

    private static async Task<int> CountAsync(TableTokenStore store, IEnumerable<string> tokenIds, string state, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var id in tokenIds) count += (await store.TryGetAsync(id, cancellationToken))?.State == state ? 1 : 0;
        return count;
    }
}
