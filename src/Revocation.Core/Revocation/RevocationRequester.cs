using System.Text.Json;
using Microsoft.Extensions.Options;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Revocation;

/// <summary>
/// Starts a revocation: checks the token can be revoked by this request, queues the request, files a due hint for
/// when the request would count as stalled, then moves the token to <c>revocation-pending</c> with a ledger entry.
/// Queue before the state write: if the write is lost, the request still runs (the worker accepts active tokens);
/// if the enqueue is lost, the token stays active and its due hint brings it back. A token already pending, revoked
/// or unknown gets no request. A pending token whose request was lost (its message poisoned or never delivered)
/// is re-queued by the sweep through <see cref="RequeueStalledAsync"/>.
/// </summary>
public sealed class RevocationRequester(
    TokenWriter writer,
    ITokenStore tokens,
    IRevocationQueue queue,
    IDueIndex due,
    IActiveTokenCounter counter,
    IOptions<RevocationOptions> options,
    TimeProvider time)
{
    /// <summary>Queues a revocation. False when the token is not in a state that can be revoked by this request.</summary>
    public async Task<bool> RequestAsync(
        string tokenId, string reason, string requestedBy, string? dedupKey, CancellationToken cancellationToken, bool allowFailed = false,
        TokenRecord? known = null, string? actor = null, string? incident = null)
    {
        var record = known ?? await tokens.TryGetAsync(tokenId, cancellationToken);
        if (!CanRequest(record, allowFailed)) return false;
        var now = time.GetUtcNow();
        // Hint, then request, then state: a hint without a request is stale and cleaned, never the other way round.
        await due.FileStallHintAsync(tokenId, now, options.Value, cancellationToken);
        await queue.EnqueueAsync(new RevocationRequest(tokenId, reason, now, 1, requestedBy, actor, incident), null, cancellationToken);
        var write = await writer.UpdateAsync(tokenId, now, dedupKey, (current, ledger) =>
        {
            if (!CanRequest(current, allowFailed)) return null;
            return current with { Revocation = RevocationService.EnsureRequested(current, ledger, reason, requestedBy, actor, now, incident: incident) };
        }, cancellationToken, known: record);
        await counter.ApplyAsync(write, cancellationToken); // a failed token re-requested counts again
        return write.Status != TokenWriteStatus.NoChange;
    }

    /// <summary>
    /// Asks again for a token the ledger records as <c>revoked</c> that its provider still lists (a zombie): one write
    /// appends <paramref name="entryType"/> (<c>reconcile.zombie</c>) and a <c>revocation.requested</c> entry and makes
    /// the token <c>revocation-pending</c>, then the request is queued (the worker ignores a revoked token, so the
    /// state moves first; a lost enqueue is re-queued by the sweep from the stall hint). False when the token moved.
    /// </summary>
    public async Task<bool> RequestAgainAsync(
        TokenRecord token, string reason, string requestedBy, string entryType, string data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.State != TokenStates.Revoked) return false;
        var now = time.GetUtcNow();
        await due.FileStallHintAsync(token.TokenId, now, options.Value, cancellationToken);
        var write = await writer.UpdateAsync(token.TokenId, now, null, (current, ledger) =>
        {
            if (current?.State != TokenStates.Revoked) return null;
            ledger.Append(entryType, Decisions.Flagged, reason, now, data);
            RevocationService.AppendRequested(ledger, reason, requestedBy, null, now);
            return current with
            {
                Revocation = new RevocationStatus { State = TokenStates.RevocationPending, Reason = reason, RequestedAt = now, LastActivityAt = now },
            };
        }, cancellationToken, known: token);
        if (write.Status != TokenWriteStatus.Committed) return false;
        await counter.ApplyAsync(write, cancellationToken);
        await queue.EnqueueAsync(new RevocationRequest(token.TokenId, reason, now, 1, requestedBy), null, cancellationToken);
        return true;
    }

    /// <summary>True when <paramref name="token"/> is pending and its revocation has not moved for <see cref="RevocationOptions.StalledAfter"/>.</summary>
    public bool IsStalled(TokenRecord token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.State == TokenStates.RevocationPending && StallDueAt(token) <= now;
    }

    /// <summary>When the token's revocation should next have moved; the sweep files its hint there.</summary>
    public DateTimeOffset StallDueAt(TokenRecord token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return StalledSince(token.Revocation) + options.Value.StalledAfter;
    }

    /// <summary>
    /// Re-queues a stalled pending revocation as the next attempt, with a <c>revocation.requeued</c> ledger entry; a
    /// token whose request was lost <see cref="RevocationOptions.MaxRequeues"/> times (its messages keep ending in the poison queue) is
    /// given up: <c>revocation-failed</c>, for an operator. <see cref="RequeueResult.NotStalled"/> when the token
    /// moved meanwhile (or another sweep re-queued it first).
    /// </summary>
    public async Task<RequeueResult> RequeueStalledAsync(TokenRecord token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!IsStalled(token, now)) return RequeueResult.NotStalled;
        var status = token.Revocation;
        var reason = status.Reason ?? Reasons.Manual;
        var giveUp = status.Requeues >= options.Value.MaxRequeues;
        if (!giveUp)
        {
            await due.FileStallHintAsync(token.TokenId, now, options.Value, cancellationToken);
            await queue.EnqueueAsync(new RevocationRequest(token.TokenId, reason, now, status.Attempts + 1, "sweep-stalled"), null, cancellationToken);
        }
        var write = await counter.CountedWriteAsync(token, giveUp, () => writer.UpdateAsync(token.TokenId, now, null, (current, ledger) =>
        {
            if (current is null || !IsStalled(current, now)) return null;
            var revocation = current.Revocation;
            var data = JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["attempt"] = revocation.Attempts + 1, ["requeues"] = revocation.Requeues, ["stalledSince"] = StalledSince(revocation),
            });
            if (giveUp)
            {
                ledger.Append("revocation.failed", Decisions.Rejected, reason, now, data);
                return current with
                {
                    Revocation = revocation with
                    {
                        State = TokenStates.RevocationFailed, LastActivityAt = now, CompletedAt = now,
                        LastError = $"request lost {revocation.Requeues + 1} times (see the revocations poison queue)",
                    },
                };
            }
            ledger.Append("revocation.requeued", Decisions.Accepted, reason, now, data);
            return current with { Revocation = revocation with { LastActivityAt = now, Requeues = revocation.Requeues + 1 } };
        }, cancellationToken, known: token), cancellationToken);
        return write.Status == TokenWriteStatus.NoChange ? RequeueResult.NotStalled : giveUp ? RequeueResult.GivenUp : RequeueResult.Requeued;
    }

    /// <summary>When the revocation last moved (<see cref="RevocationStatus.LastActivityAt"/>, else when it was requested).</summary>
    public static DateTimeOffset StalledSince(RevocationStatus status) =>
        status.LastActivityAt ?? status.RequestedAt ?? DateTimeOffset.UnixEpoch;

    private static bool CanRequest([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] TokenRecord? token, bool allowFailed) =>
        token is not null && (token.IsActive || (allowFailed && token.State == TokenStates.RevocationFailed));
}

/// <summary>What <see cref="RevocationRequester.RequeueStalledAsync"/> did.</summary>
public enum RequeueResult
{
    NotStalled,
    Requeued,
    GivenUp,
}
