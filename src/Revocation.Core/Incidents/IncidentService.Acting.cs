using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;

namespace Revocation.Core.Incidents;

/// <summary>What an incident does once planned: the revocations, and its record in the ledger and the incidents table.</summary>
public sealed partial class IncidentService
{
    private async Task<(ConcurrentDictionary<string, string> Outcomes, ConcurrentQueue<Exception> Failures)> RevokeAllAsync(
        IncidentDeclaration incident, IReadOnlyList<TokenRecord> targets, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var outcomes = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<Exception>();
        // Past the inline budget (a very large slice, a slow provider) the rest is queued: the revocations queue spreads
        // it over every instance, and the declaring process (a CLI, an event handler) stays short.
        var inlineUntil = time.GetUtcNow() + options.Value.InlineBudget;
        var done = 0;
        // MaxConcurrentTokens provider calls at once; the storage work around them (the value's read, the outcome's write)
        // runs for up to three times as many tokens, so the provider is never waiting on our storage. The active count is
        // taken down for the whole slice in one write before the first revocation and settled in one after; the revoked
        // tokens' stored values are deleted after, in batches. A crash in between leaves the count low (the guard's safe
        // side) and values of revoked tokens in the store (dead at their provider); see docs/incidents.md.
        using var providerCalls = new SemaphoreSlim(options.Value.MaxConcurrentTokens);
        var reservation = await ActiveCountReservation.TakeAsync(counter, targets.LongCount(ActiveTokenCount.Counts), cancellationToken);
        var batch = new InlineRevocationBatch(providerCalls, reservation);
        var tokensAtOnce = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentTokens * 3, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(targets, tokensAtOnce, async (token, ct) =>
        {
            try
            {
                outcomes[token.TokenId] = await RevokeAsync(incident, token, time.GetUtcNow() < inlineUntil, batch, ct);
            }
            catch (Exception ex) when (!ex.IsFatal() && !ct.IsCancellationRequested)
            {
                LogTokenFailed(logger, ex, incident.Id, token.TokenId);
                outcomes[token.TokenId] = IncidentOutcomes.Error;
                failures.Enqueue(ex);
            }
            var count = Interlocked.Increment(ref done);
            progress?.Report((count, targets.Count));
        });
        await reservation.SettleAsync(cancellationToken);
        await revocations.ForgetValuesAsync(batch.Revoked, cancellationToken);
        return (outcomes, failures);
    }

    private async Task<string> RevokeAsync(
        IncidentDeclaration incident, TokenRecord token, bool inline, InlineRevocationBatch batch, CancellationToken cancellationToken)
    {
        var key = $"incident|{incident.Id}";
        if (inline && token.IsActive)
        {
            var result = await revocations.RevokeNowAsync(token, incident.Reason, RequestedBy, key, cancellationToken, incident.Actor, incident.Id, batch);
            return result switch
            {
                RevocationResult.Revoked => IncidentOutcomes.Revoked,
                RevocationResult.AlreadyRevoked => IncidentOutcomes.AlreadyRevoked,
                RevocationResult.Failed => IncidentOutcomes.Failed,
                RevocationResult.RetryScheduled => IncidentOutcomes.Queued,
                _ => IncidentOutcomes.AlreadyPending,
            };
        }
        // A failed token is asked again: it may still be live at its provider, and this incident wants it dead.
        var queued = await requester.RequestAsync(token.TokenId, incident.Reason, RequestedBy, key, cancellationToken, allowFailed: true,
            known: token, actor: incident.Actor, incident: incident.Id);
        return queued ? IncidentOutcomes.Queued : IncidentOutcomes.AlreadyPending;
    }

    /// <summary><c>incident.declared</c> on the <c>~system</c> chain, once per incident id, and the incidents table row.</summary>
    private async Task RecordDeclaredAsync(IncidentDeclaration incident, SweepMode mode, int matched, int revocations, CancellationToken cancellationToken)
    {
        var data = Data(incident, new() { ["matched"] = matched, ["revocations"] = revocations, ["confirmed"] = mode == SweepMode.Confirm });
        await AppendSystemAsync(incident, "incident.declared", Decisions.Accepted, incident.Reason, data, $"incident|{incident.Id}", cancellationToken);
        await incidents.UpsertAsync(await MergeAsync(incident, "declared", matched, 0, 0, 0, null, cancellationToken), cancellationToken);
    }

    private async Task RecordGuardTripAsync(IncidentDeclaration incident, string guard, int revocations, long active, CancellationToken cancellationToken)
    {
        var data = Data(incident, new()
        {
            ["revocations"] = revocations, ["activeTokens"] = active,
            ["maxRevocationsPerRun"] = policy.Sweep.MaxRevocationsPerRun, ["maxRevokedFraction"] = policy.Sweep.MaxRevokedFraction,
        });
        await AppendSystemAsync(incident, "incident.guard-tripped", Decisions.Rejected, guard, data, $"incident|{incident.Id}|guard", cancellationToken);
        await incidents.UpsertAsync(await MergeAsync(incident, "guard-tripped", revocations, 0, 0, 0, guard, cancellationToken), cancellationToken);
    }

    private async Task RecordCountsAsync(IncidentDeclaration incident, List<IncidentItem> items, CancellationToken cancellationToken)
    {
        int Count(string outcome) => items.Count(i => i.Outcome == outcome);
        var record = await MergeAsync(incident, "done", items.Count, Count(IncidentOutcomes.Revoked), Count(IncidentOutcomes.Queued),
            Count(IncidentOutcomes.Failed), null, cancellationToken);
        await incidents.UpsertAsync(record, cancellationToken);
    }

    /// <summary>The row for this run; a repeated declaration (a redelivered event) adds its revocations to the first's.</summary>
    private async Task<IncidentRecord> MergeAsync(
        IncidentDeclaration incident, string status, int matched, int revoked, int queued, int failed, string? guard, CancellationToken cancellationToken)
    {
        var existing = await incidents.TryGetAsync(incident.Id, cancellationToken);
        var declaredAt = existing?.DeclaredAt ?? incident.DeclaredAt;
        var wasDone = existing is { Status: "done" } && status != "done";
        return new IncidentRecord(incident.Id, incident.Selector.Describe(), incident.Reason, incident.Actor, incident.DeclaredBy, declaredAt,
            wasDone ? existing!.Status : status, Math.Max(matched, existing?.Matched ?? 0),
            revoked + (existing?.Revoked ?? 0), queued + (existing?.Queued ?? 0), failed + (existing?.Failed ?? 0), guard ?? (status == "done" ? null : existing?.Guard));
    }

    private Task<TokenWrite> AppendSystemAsync(
        IncidentDeclaration incident, string type, string decision, string reason, string data, string dedupKey, CancellationToken cancellationToken) =>
        writer.AppendSystemAsync(type, decision, reason, incident.DeclaredAt, data, time.GetUtcNow(), dedupKey, cancellationToken);

    private static string Data(IncidentDeclaration incident, SortedDictionary<string, object?> fields)
    {
        fields["incident"] = incident.Id;
        fields["selector"] = incident.Selector.Describe();
        fields["actor"] = incident.Actor;
        fields["declaredBy"] = incident.DeclaredBy;
        return JsonSerializer.Serialize(new SortedDictionary<string, object?>(fields, StringComparer.Ordinal));
    }

    [LoggerMessage(EventId = 6001, EventName = "IncidentDeclared", Level = LogLevel.Information,
        Message = "Incident {IncidentId}: {Matched} tokens matched, {Revoked} revoked inline, {Queued} queued")]
    private static partial void LogDeclared(ILogger logger, string incidentId, int matched, int revoked, int queued);

    [LoggerMessage(EventId = 6002, EventName = "IncidentGuardTripped", Level = LogLevel.Warning,
        Message = "Incident {IncidentId} revoked nothing: {Guard}. Review with 'revctl revoke ... --dry-run', proceed with '--confirm'")]
    private static partial void LogGuardTripped(ILogger logger, string incidentId, string guard);

    [LoggerMessage(EventId = 6003, EventName = "IncidentTokenFailed", Level = LogLevel.Warning,
        Message = "Incident {IncidentId}: token {TokenId} not revoked; a repeat of the incident picks it up")]
    private static partial void LogTokenFailed(ILogger logger, Exception exception, string incidentId, string tokenId);
}
