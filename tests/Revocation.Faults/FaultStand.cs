using Revocation.Storage;
using Revocation.Testing;

namespace Revocation.Faults;

/// <summary>
/// One scenario's world: Azurite on disk (<see cref="PersistentAzurite"/>), a work folder with the policy file, the
/// storage clients, and <c>revctl run</c> over them (<see cref="Host"/>, started by <see cref="StartHostAsync"/>).
/// Disposing stops everything it started and deletes the folder.
/// </summary>
public sealed class FaultStand : IAsyncDisposable
{
    /// <summary>The class every scenario's tokens belong to.</summary>
    public const string ClassName = "svc";
    public const string Owner = "owner@contoso.com";
    public const string OAuthSecretVariable = "FAULTS_OAUTH_CLIENT_SECRET";

    private FaultStand(PersistentAzurite azurite, string folder)
    {
        Azurite = azurite;
        Folder = folder;
    }

    public PersistentAzurite Azurite { get; }

    public string Folder { get; }

    public string PolicyFile => Path.Combine(Folder, "policies.json");

    public string KeyFile => Path.Combine(Folder, "local-secrets.key");

    public StorageClients Clients => StorageClients.FromConnectionString(Azurite.ConnectionString);

    public RevctlHost? Host { get; private set; }

    /// <summary>Starts Azurite and writes a policy whose class revokes at <paramref name="revocationEndpoint"/> (RFC 7009).</summary>
    public static async Task<FaultStand> StartAsync(Uri? revocationEndpoint, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "revocation-faults-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var azurite = await PersistentAzurite.StartAsync(cancellationToken);
        var stand = new FaultStand(azurite, folder);
        var endpoint = revocationEndpoint?.ToString() ?? "http://127.0.0.1:9/revoke";
        await File.WriteAllTextAsync(stand.PolicyFile, $$"""
            {
              "providers": {
                "oauth": { "kind": "oauth2", "revocationEndpoint": "{{endpoint}}", "clientId": "broker",
                           "clientSecretRef": "env:{{OAuthSecretVariable}}", "tokenTypeHint": "access_token" }
              },
              "classes": {
                "{{ClassName}}": { "owner": "{{Owner}}", "provider": "oauth", "maxTtl": "P30D", "idleTimeout": "P30D", "onOwnerOffboarded": "revoke" }
              }
            }
            """, cancellationToken);
        await StorageProvisioner.EnsureAsync(stand.Clients, cancellationToken);
        return stand;
    }

    /// <summary>
    /// Starts <c>revctl run</c> with the repository's host.json and no scheduled sweep. Retry delays come from
    /// <c>Revocation__Retry__*</c> (1 s base, 5 s cap, 20 attempts) so a provider outage of seconds is retried
    /// within the drain bound; the bar the scenarios check does not depend on them.
    /// </summary>
    public async Task<RevctlHost> StartHostAsync()
    {
        Host = new RevctlHost(
            ["run", "--port", "0", "--storage", Azurite.ConnectionString, "--policies", PolicyFile,
             "--host-json", Path.Combine(RepoRoot.Path, "host.json"), "--schedule", "0 0 0 1 1 *"],
            new Dictionary<string, string>
            {
                [OAuthSecretVariable] = "broker-secret",
                ["LocalSecrets__KeyFilePath"] = KeyFile,
                ["Revocation__Retry__BaseDelay"] = "00:00:01",
                ["Revocation__Retry__MaxDelay"] = "00:00:05",
                ["Revocation__Retry__MaxAttempts"] = "20",
            });
        await Host.StartAsync();
        return Host;
    }

    /// <summary>
    /// The end every intake scenario shares: wait for the queues to drain (up to <paramref name="drainBound"/>), stop the
    /// host, count what storage holds for <paramref name="sent"/>, and add the run's drain time, faults and host notes.
    /// </summary>
    public async Task<FaultFigures> FinishAsync(
        string scenario, string run, IReadOnlyList<SentMessage> sent, TimeSpan drainBound, int faults, CancellationToken cancellationToken)
    {
        var host = Host ?? throw new InvalidOperationException("no host was started");
        var drain = await Drain.WaitAsync(Azurite.ConnectionString, drainBound, cancellationToken);
        await host.TerminateAsync();
        var figures = await Accounting.CountAsync(scenario, Azurite.ConnectionString, run, sent, cancellationToken);
        return figures with
        {
            DrainTime = drain, DrainBound = drainBound, Faults = faults, UnplannedHostExits = host.UnplannedExits,
            Notes = [.. figures.Notes, .. host.Notes(drain is not null)],
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        await Azurite.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
