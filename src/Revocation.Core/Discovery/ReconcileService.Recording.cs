using System.Text.Json;
using Revocation.Core.Events;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Discovery;

/// <summary>The writes of <see cref="ReconcileService"/>; each compares before it writes, so reruns write nothing.</summary>
public sealed partial class ReconcileService
{
    /// <summary>The token id of a credential discovered at <paramref name="provider"/>: deterministic, so reruns find it.</summary>
    public static string TokenIdFor(string provider, string handle) => $"{provider}:{handle}";

    /// <summary>
    /// Records a credential the ledger does not know as an issuance by the pipeline (<c>token.discovered</c>, one
    /// write with state, due and person indexes), classified by the first matching rule or by the unmatched policy.
    /// </summary>
    private async Task<TokenRecord?> DiscoverAsync(
        string provider, DiscoveredCredential c, ProviderReconcile report, DateTimeOffset now, bool dryRun, CancellationToken cancellationToken)
    {
        var rule = policy.Discovery.Match(provider, c);
        var tokenId = TokenIdFor(provider, c.Handle);
        report.Discovered.Add(tokenId);
        if (rule is null) report.Unclassified.Add(tokenId);
        if (dryRun) return null;
        var cls = rule?.Class ?? policy.Discovery.Unmatched.Classes[provider];
        var facts = new DiscoveryFacts(provider, now, rule is null, c.Container, c.DisplayName, c.CredentialKind);
        var envelope = new EventEnvelope($"discovered|{provider.Length}:{provider}|{c.Handle}", TokenFold.PipelineSource, "token.discovered", now);
        var issued = new TokenIssued(envelope, tokenId, cls, c.Owner, null, c.CreatedAt ?? now, c.ExpiresAt, null, null,
            new CredentialReference(c.Handle, null), facts);
        await recorder.ApplyAsync(issued, cancellationToken);
        return await tokens.TryGetAsync(tokenId, cancellationToken);
    }

    /// <summary>
    /// Drift: an owner at the provider that is not the ledger's, a provider expiry beyond the class's maxTtl, a later
    /// last use (which moves the idle clock). Each new finding is a <c>reconcile.drift</c> entry; what was recorded is
    /// kept as the token's <see cref="ProviderObservation"/>, so the same finding is not recorded twice.
    /// </summary>
    private async Task ObserveAsync(TokenRecord token, DiscoveredCredential c, ProviderReconcile report,
        IReadOnlyDictionary<string, DateTimeOffset> offboarded, DateTimeOffset now, bool dryRun, CancellationToken cancellationToken)
    {
        if (!token.View.IsRegistered || policy.FindClass(token.View.Class!) is not { } cls) return;
        var facts = new ProviderObservation(c.Owner, c.ExpiresAt, c.LastUsedAt);
        var found = Findings(token, facts, cls.MaxTtl);
        if (found.Count == 0) return;
        report.Drift.AddRange(found.Select(f => $"{token.TokenId} {f.Field} {f.Ledger ?? "-"}→{f.Provider ?? "-"}"));
        if (dryRun) return;
        await writer.UpdateAsync(token.TokenId, now, null, (current, ledger) =>
        {
            if (current is null) return null;
            var drift = Findings(current, facts, cls.MaxTtl);
            if (drift.Count == 0) return null;
            foreach (var f in drift)
                ledger.Append("reconcile.drift", Decisions.Flagged, f.Field, now, JsonSerializer.Serialize(
                    new SortedDictionary<string, string?>(StringComparer.Ordinal) { ["field"] = f.Field, ["ledger"] = f.Ledger, ["provider"] = f.Provider }));
            var inputs = current.Inputs with
            {
                Observed = facts,
                LastUsedAt = facts.LastUsedAt is { } u && (current.Inputs.LastUsedAt is null || u > current.Inputs.LastUsedAt) ? u : current.Inputs.LastUsedAt,
            };
            var view = TokenFold.Derive(current.TokenId, inputs, policy, offboarded);
            return current with { Inputs = inputs, View = view, NextDueAt = DueCalculator.NextDueAt(view, cls, offboarded) };
        }, cancellationToken, known: token);
    }

    private static List<(string Field, string? Ledger, string? Provider)> Findings(TokenRecord token, ProviderObservation facts, TimeSpan? maxTtl)
    {
        var list = new List<(string, string?, string?)>();
        var before = token.Inputs.Observed;
        var issued = token.Inputs.Issued;
        if (facts.Owner is not null && !PersonIds.Same(facts.Owner, token.View.Owner) && !PersonIds.Same(facts.Owner, before?.Owner))
            list.Add(("owner", token.View.Owner, facts.Owner));
        if (facts.ExpiresAt is { } exp && maxTtl is { } ttl && issued is not null && exp > issued.IssuedAt + ttl
            && exp != issued.ExpiresAt && exp != before?.ExpiresAt)
            list.Add(("expiresAt", Time(token.View.ExpiresAt), Time(exp)));
        if (facts.LastUsedAt is { } used && (token.Inputs.LastUsedAt is null || used > token.Inputs.LastUsedAt))
            list.Add(("lastUsedAt", Time(token.Inputs.LastUsedAt), Time(used)));
        return list;
    }

    /// <summary>An active token whose credential the provider's complete listing lacks: closed as revoked, reason gone-at-provider.</summary>
    private async Task<bool> MarkGoneAsync(TokenRecord token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var write = await counter.CountedWriteAsync(token, true, () => writer.UpdateAsync(token.TokenId, now, null, (current, ledger) =>
        {
            if (current is null || !current.IsActive) return null;
            ledger.Append("reconcile.gone", Decisions.Accepted, Reasons.GoneAtProvider, now, "{}");
            return current with
            {
                Revocation = current.Revocation with
                {
                    State = TokenStates.Revoked, Reason = Reasons.GoneAtProvider, CompletedAt = now, LastActivityAt = now,
                },
            };
        }, cancellationToken, known: token), cancellationToken);
        return write.Status == TokenWriteStatus.Committed;
    }

    private Task<TokenWrite> RecordGuardTrippedAsync(string provider, string reason, int zombies, int gone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["provider"] = provider, ["zombies"] = zombies, ["gone"] = gone,
        });
        return writer.AppendSystemAsync("reconcile.guard-tripped", Decisions.Rejected, reason, now, data, now, null, cancellationToken);
    }

    private static string Data(DiscoveredCredential c) => JsonSerializer.Serialize(new SortedDictionary<string, string?>(StringComparer.Ordinal)
    {
        ["handle"] = c.Handle, ["displayName"] = c.DisplayName, ["container"] = c.Container,
    });

    private static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
}
