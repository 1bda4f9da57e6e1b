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
    /// <summary>
    /// Declares the incident, then reads each candidate's state row (unless <paramref name="known"/> holds them all) and
    /// revokes each match still live at its provider as soon as it is read. MaxConcurrentTokens provider calls at once
    /// (<see cref="ProviderCallGate"/>: the HTTP exchanges only); the reads and writes around them, the values' reads
    /// included, run for up to six times as many tokens, so the provider is never waiting on our storage. The active
    /// count is taken down for every possible target in one write before the first revocation and settled in one after;
    /// the revoked tokens' stored values are deleted after, in batches. A crash in between leaves the count low (the
    /// guard's safe side) and values of revoked tokens in the store (dead at their provider); see docs/incidents.md.
    /// One token's failure does not stop the others; the first is rethrown at the end.
    /// </summary>
    private async Task<IncidentReport> ActAsync(
        IncidentDeclaration incident, SweepMode mode, Found found, IncidentPlan? known, long active, string? guard,
        IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        await RecordDeclaredAsync(incident, mode, found.Candidates.Count, cancellationToken);
        var outcomes = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<Exception>();
        var matched = new ConcurrentBag<Matched>();
        var stale = new ConcurrentBag<Candidate>();
        // Past the inline budget (a very large slice, a slow provider) the rest is queued: the revocations queue spreads
        // it over every instance, and the declaring process (a CLI, an event handler) stays short.
        var inlineUntil = time.GetUtcNow() + options.Value.InlineBudget;
        var (done, read) = (0, known?.TokensRead ?? 0);
        var reserve = known is null ? found.Candidates.Count : known.Matched.Count(m => IsTarget(m.Record) && ActiveTokenCount.Counts(m.Record));
        using var providerCalls = new ProviderCallGate(options.Value.MaxConcurrentTokens);
        var batch = new InlineRevocationBatch(providerCalls, await ActiveCountReservation.TakeAsync(counter, reserve, cancellationToken));
        var tokensAtOnce = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentTokens * 6, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(found.Candidates, tokensAtOnce, async (candidate, ct) =>
        {
            try
            {
                TokenRecord? record;
                if (known is not null) record = known.Records.GetValueOrDefault(candidate.TokenId);
                else
                {
                    record = await tokens.TryGetAsync(candidate.TokenId, ct);
                    Interlocked.Increment(ref read);
                }
                if (Classify(incident.Selector, candidate, record, stale) is { } match)
                {
                    matched.Add(match);
                    if (IsTarget(match.Record))
                        outcomes[match.Record.TokenId] = await RevokeAsync(incident, match.Record, time.GetUtcNow() < inlineUntil, batch, ct);
                }
            }
            catch (Exception ex) when (!ex.IsFatal() && !ct.IsCancellationRequested)
            {
                LogTokenFailed(logger, ex, incident.Id, candidate.TokenId);
                outcomes[candidate.TokenId] = IncidentOutcomes.Error;
                failures.Enqueue(ex);
            }
            var count = Interlocked.Increment(ref done);
            progress?.Report((count, found.Candidates.Count));
        });
        await batch.Reservation.SettleAsync(cancellationToken);
        try
        {
            await revocations.ForgetValuesAsync(batch.Revoked, cancellationToken);
        }
        catch (Exception ex) when (!ex.IsFatal() && !cancellationToken.IsCancellationRequested)
        {
            // The revocations are recorded: a value store failing now must not cost the run its record (rows, counts,
            // incident.completed). The values stay (dead at their provider); the failure is rethrown at the end.
            LogValuesNotDeleted(logger, ex, incident.Id, batch.Revoked.Count);
            failures.Enqueue(ex);
        }

        var list = SortById(matched);
        var items = Items(list, IncidentOutcomes.Queued, outcomes);
        // A token this incident saw revoked is closed for good: its slice row is no longer worth reading.
        var revokedRows = list.Where(m => outcomes.GetValueOrDefault(m.Record.TokenId) == IncidentOutcomes.Revoked).Select(m => m.Found);
        await RemoveRowsAsync([.. stale.Concat(revokedRows).Distinct()], cancellationToken);
        var targets = list.Count(m => IsTarget(m.Record));
        await RecordCountsAsync(incident, items, cancellationToken);
        await RecordCompletedAsync(incident, items, targets, cancellationToken);
        var revokedInline = items.Count(i => i.Outcome == IncidentOutcomes.Revoked);
        var queued = items.Count(i => i.Outcome == IncidentOutcomes.Queued);
        LogDeclared(logger, incident.Id, list.Count, revokedInline, queued);
        // The first failure is rethrown as it was (its type tells a queue host whether to retry); a repeat of the
        // incident picks up what is still live.
        if (!failures.IsEmpty) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures.First());
        return new IncidentReport(incident.Id, mode, incident.Selector.Describe(), items, targets, active, guard, found.HintsRead, read, stale.Count);
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

    /// <summary>
    /// <c>incident.declared</c> on the <c>~system</c> chain, once per incident id, before the first revocation, with the
    /// number of candidates the index gave (an upper bound of the slice), and the incidents table row.
    /// </summary>
    private async Task RecordDeclaredAsync(IncidentDeclaration incident, SweepMode mode, int candidates, CancellationToken cancellationToken)
    {
        var data = Data(incident, new() { ["candidates"] = candidates, ["confirmed"] = mode == SweepMode.Confirm });
        await AppendSystemAsync(incident, "incident.declared", Decisions.Accepted, incident.Reason, data, $"incident|{incident.Id}", cancellationToken);
        await incidents.UpsertAsync(await MergeAsync(incident, "declared", 0, 0, 0, 0, null, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// <c>incident.completed</c> on the <c>~system</c> chain after each run: what it matched and did, per outcome. A repeat
    /// of the incident (a redelivery) records its own run.
    /// </summary>
    private async Task RecordCompletedAsync(IncidentDeclaration incident, List<IncidentItem> items, int revocations, CancellationToken cancellationToken)
    {
        var byOutcome = new SortedDictionary<string, int>(
            items.GroupBy(i => i.Outcome, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal), StringComparer.Ordinal);
        var data = Data(incident, new() { ["matched"] = items.Count, ["revocations"] = revocations, ["byOutcome"] = byOutcome });
        await AppendSystemAsync(incident, "incident.completed", Decisions.Accepted, incident.Reason, data, dedupKey: null, cancellationToken);
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
        IncidentDeclaration incident, string type, string decision, string reason, string data, string? dedupKey, CancellationToken cancellationToken) =>
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

    [LoggerMessage(EventId = 6004, EventName = "IncidentValuesNotDeleted", Level = LogLevel.Warning,
        Message = "Incident {IncidentId}: the stored values of {Revoked} revoked tokens were not deleted (the tokens are revoked at their provider)")]
    private static partial void LogValuesNotDeleted(ILogger logger, Exception exception, string incidentId, int revoked);

    [LoggerMessage(EventId = 6003, EventName = "IncidentTokenFailed", Level = LogLevel.Warning,
        Message = "Incident {IncidentId}: token {TokenId} not revoked; a repeat of the incident picks it up")]
    private static partial void LogTokenFailed(ILogger logger, Exception exception, string incidentId, string tokenId);
}
