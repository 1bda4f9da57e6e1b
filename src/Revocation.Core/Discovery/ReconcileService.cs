using Microsoft.Extensions.Logging;
using Revocation.Core.Intake;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;

namespace Revocation.Core.Discovery;

/// <summary>
/// Reconciles the ledger with the providers that can list their credentials (contracts §7, docs/reconciliation.md):
/// records discovered credentials like issuances, asks again for zombies, records drift, and closes tokens gone at
/// the provider. Only changes are written: a run over an unchanged inventory writes nothing. A listing that throws
/// <see cref="InventoryIncompleteException"/> concludes nothing for its provider.
/// </summary>
public sealed partial class ReconcileService(
    PolicyDocument policy,
    IEnumerable<ICredentialInventory> inventories,
    ITokenStore tokens,
    IPeopleStore people,
    TokenEventRecorder recorder,
    TokenWriter writer,
    RevocationRequester requester,
    IActiveTokenCounter counter,
    TimeProvider time,
    ILogger<ReconcileService> logger)
{
    /// <summary>The path recorded in <c>revocation.requested</c> entries this service makes.</summary>
    public const string RequestedBy = "reconcile";

    private readonly Dictionary<string, ICredentialInventory> _inventories = inventories.ToDictionary(i => i.Kind, StringComparer.Ordinal);

    /// <summary>Reconciles every provider of <c>discovery.providers</c>, or only <paramref name="providerName"/>.</summary>
    public async Task<ReconcileReport> RunAsync(string? providerName, bool dryRun, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var names = policy.Discovery.Providers.Where(n => providerName is null || n == providerName).ToList();
        if (providerName is not null && names.Count == 0)
            throw new ArgumentException($"provider '{providerName}' is not in the policy's discovery.providers", nameof(providerName));
        // One scan of the state rows per run: O(estate). Issue 17 (scale) replaces it with an index by provider and handle.
        var known = new Dictionary<(string, string), TokenRecord>();
        long live = 0;
        await foreach (var t in tokens.ListAsync(cancellationToken))
        {
            if (t.State is TokenStates.Active or TokenStates.RevocationPending) live++;
            if (t.View.Class is { } c && policy.FindClass(c) is { } cls && t.View.Credential?.Handle is { } handle)
                known[(cls.Provider, handle)] = t;
        }
        var offboarded = await people.GetOffboardedAsync(cancellationToken);
        var reports = new List<ProviderReconcile>();
        foreach (var name in names)
            reports.Add(await ReconcileProviderAsync(policy.Providers[name], known, live, offboarded, now, dryRun, cancellationToken));
        return new ReconcileReport(now, dryRun, reports);
    }

    private async Task<ProviderReconcile> ReconcileProviderAsync(
        ProviderPolicy provider, Dictionary<(string, string), TokenRecord> known, long live,
        IReadOnlyDictionary<string, DateTimeOffset> offboarded, DateTimeOffset now, bool dryRun, CancellationToken cancellationToken)
    {
        var report = new ProviderReconcile { Provider = provider.Name, Kind = provider.Kind };
        if (!_inventories.TryGetValue(provider.Kind, out var inventory))
            return report with { Skipped = $"no inventory adapter for provider kind '{provider.Kind}' (cannot list)" };
        IReadOnlyList<DiscoveredCredential> listed;
        try
        {
            listed = await inventory.ListAsync(provider, cancellationToken);
        }
        catch (InventoryIncompleteException e)
        {
            LogIncomplete(logger, provider.Name, e.Reason);
            return report with { Skipped = $"listing incomplete: {e.Reason}" };
        }
        report = report with { Listed = listed.Count };
        var zombies = new List<(TokenRecord Token, DiscoveredCredential Credential)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var credential in listed)
        {
            seen.Add(credential.Handle);
            if (DiscoveredCredentialCheck.Problem(credential) is { } problem)
            {
                // A known token's handle passed the intake's rules, so a refused one never hides a known token.
                report.Refused.Add(problem);
                LogRefused(logger, provider.Name, problem);
                continue;
            }
            if (!known.TryGetValue((provider.Name, credential.Handle), out var token))
                token = await DiscoverAsync(provider.Name, credential, report, now, dryRun, cancellationToken);
            if (token is null) continue;
            if (token.State == TokenStates.Revoked) zombies.Add((token, credential));
            else await ObserveAsync(token, credential, report, offboarded, now, dryRun, cancellationToken);
        }
        var gone = known.Where(k => k.Key.Item1 == provider.Name && k.Value.IsActive && !seen.Contains(k.Key.Item2)).Select(k => k.Value).ToList();
        if (SweepGuard.Check(zombies.Count + gone.Count, live, policy.Sweep) is { } tripped)
        {
            report.GuardTripped = tripped;
            if (!dryRun) await RecordGuardTrippedAsync(provider.Name, tripped, zombies.Count, gone.Count, now, cancellationToken);
            return report;
        }
        foreach (var (token, credential) in zombies)
            if (dryRun || await requester.RequestAgainAsync(token, Reasons.Zombie, RequestedBy, "reconcile.zombie", Data(credential), cancellationToken))
                report.Zombies.Add(token.TokenId);
        foreach (var token in gone)
            if (dryRun || await MarkGoneAsync(token, now, cancellationToken))
                report.Gone.Add(token.TokenId);
        return report;
    }

    [LoggerMessage(EventId = 1302, EventName = "DiscoveredCredentialRefused", Level = LogLevel.Warning,
        Message = "Provider {Provider} listed a credential that cannot be recorded: {Problem}")]
    private static partial void LogRefused(ILogger logger, string provider, string problem);

    [LoggerMessage(EventId = 1301, EventName = "InventoryIncomplete", Level = LogLevel.Warning,
        Message = "Listing of provider {Provider} incomplete, nothing concluded: {Reason}")]
    private static partial void LogIncomplete(ILogger logger, string provider, string reason);
}
