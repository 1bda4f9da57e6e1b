using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Offboarding;

/// <summary>
/// HR offboarding: remembers the person as offboarded and applies each of their tokens' class policy
/// (<c>onOwnerOffboarded</c>), found through the person index. A future <c>effectiveAt</c> only files due hints;
/// the sweep applies the policy when it passes.
/// </summary>
public sealed partial class OffboardingService(
    PolicyDocument policy,
    IPeopleStore people,
    IPersonIndex persons,
    IDueIndex due,
    ITokenStore tokens,
    TokenEventRecorder recorder,
    RevocationRequester requester,
    RevocationService revocations,
    IOptions<OffboardingOptions> options,
    TimeProvider time,
    ILogger<OffboardingService> logger)
{
    public async Task<IntakeResult> HandleAsync(IdentityOffboarded e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        var record = new OffboardingRecord(e.PersonId, e.EffectiveAt, e.Successor, e.Envelope.Source, e.Envelope.Id);
        var redelivery = false;
        if (!await people.TryAddOffboardingAsync(record, cancellationToken))
        {
            var existing = await people.TryGetAsync(e.PersonId, cancellationToken);
            // A redelivery of the recorded event continues (its first handling may have stopped part-way);
            // another event for a person already offboarded changes nothing.
            if (existing is null || existing.EventSource != e.Envelope.Source || existing.EventId != e.Envelope.Id)
            {
                LogAlreadyOffboarded(logger, e.PersonId);
                return new IntakeResult(IntakeOutcome.Duplicate, "person already offboarded", e.PersonId);
            }
            record = existing;
            redelivery = true;
        }
        var now = time.GetUtcNow();
        // Past the inline budget (a very large estate, a slow provider) the remaining tokens are queued instead: the
        // handler stays short, and the revocations queue spreads them over every instance.
        var inlineUntil = now + options.Value.InlineBudget;
        var handled = 0;
        var failures = new ConcurrentQueue<Exception>();
        // Tokens are independent: handle them concurrently (bounded), so a leaver's estate is done in seconds. One
        // token's failure does not stop the others; the event is failed at the end, and its redelivery picks up
        // what is still active.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentTokens, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(persons.ListTokensAsync(e.PersonId, cancellationToken), parallel, async (tokenId, ct) =>
        {
            try
            {
                var token = await tokens.TryGetAsync(tokenId, ct);
                // A redelivery follows a handling that failed part-way, perhaps after a revocation but before its value was deleted.
                if (redelivery && token is not null && TokenStates.IsClosed(token.State)) await revocations.ForgetValueAsync(token, ct);
                if (token is null || !token.IsActive || !IsOwnerOrHolder(token, e.PersonId)) return;
                if (record.EffectiveAt > now) await due.UpsertAsync(tokenId, record.EffectiveAt, ct);
                else await ApplyAsync(token, record, revokeNow: time.GetUtcNow() < inlineUntil, ct);
                Interlocked.Increment(ref handled);
            }
            catch (Exception ex) when (!ex.IsFatal() && !ct.IsCancellationRequested)
            {
                LogTokenFailed(logger, ex, e.PersonId, tokenId);
                failures.Enqueue(ex);
            }
        });
        LogOffboarded(logger, e.PersonId, handled, record.EffectiveAt);
        if (!failures.IsEmpty)
        {
            // Rethrow the first as it was (its type tells the host whether it is passing), the count in the log.
            ExceptionDispatchInfo.Throw(failures.First());
        }
        return new IntakeResult(IntakeOutcome.Accepted, $"{handled} tokens", e.PersonId);
    }

    /// <summary>
    /// Applies the class policy to one token of an offboarded person, for the sweep: reassign, or queue the
    /// revocation (the sweep counts revocations against its guard and leaves provider calls to the worker).
    /// </summary>
    public Task<string> ApplyToTokenAsync(TokenRecord token, OffboardingRecord person, CancellationToken cancellationToken) =>
        ApplyAsync(token, person, revokeNow: false, cancellationToken);

    /// <summary>
    /// Reassign or revoke; with <paramref name="revokeNow"/> (the leaver event's handler) the first attempt is made
    /// inline (<see cref="RevocationService.RevokeNowAsync"/>), so a leaver's tokens are revoked without a queue hop.
    /// </summary>
    private async Task<string> ApplyAsync(TokenRecord token, OffboardingRecord person, bool revokeNow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(person);
        var key = $"offboarding|{person.EventSource}|{person.EventId}";
        var isOwner = PersonIds.Same(token.View.Owner, person.PersonId);
        if (token.View.Class is not { } className || policy.FindClass(className) is not { } cls)
        {
            // Its class left the policy: no provider to call, so the attempt is recorded failed at once, as the
            // sweep and the worker record it (RevocationService: requested + failed, for an operator).
            await revocations.RevokeNowAsync(token, isOwner ? Reasons.OwnerOffboarded : Reasons.HolderOffboarded, "offboarding", key, cancellationToken);
            return "class-removed";
        }
        var offboarded = await people.GetOffboardedAsync(cancellationToken);
        string? target = !isOwner ? null : cls.OnOwnerOffboarded switch
        {
            OffboardAction.ReassignToClassOwner => cls.Owner,
            OffboardAction.ReassignToSuccessor => person.Successor,
            _ => null,
        };
        if (target is not null && offboarded.TryGetValue(target, out var leftAt) && leftAt <= person.EffectiveAt) target = null;
        if (target is null)
        {
            var reason = isOwner ? Reasons.OwnerOffboarded : Reasons.HolderOffboarded;
            if (revokeNow) await revocations.RevokeNowAsync(token, reason, "offboarding", key, cancellationToken);
            else await requester.RequestAsync(token.TokenId, reason, "offboarding", key, cancellationToken, known: token);
            return "revoke";
        }
        var envelope = new EventEnvelope($"{person.EventSource}|{person.EventId}", TokenFold.PipelineSource, EventTypes.TokenTransferred, person.EffectiveAt);
        var why = cls.OnOwnerOffboarded == OffboardAction.ReassignToSuccessor ? "reassign-to-successor" : "reassign-to-class-owner";
        await recorder.ApplyAsync(new TokenTransferred(envelope, token.TokenId, person.PersonId, target, $"{Reasons.OwnerOffboarded}:{why}"), cancellationToken);
        return why;
    }

    /// <summary>True when <paramref name="personId"/> owns or holds the token (<see cref="PersonIds"/> comparison).</summary>
    public static bool IsOwnerOrHolder(TokenRecord token, string personId)
    {
        ArgumentNullException.ThrowIfNull(token);
        return PersonIds.Same(token.View.Owner, personId) || PersonIds.Same(token.View.Holder, personId);
    }

    [LoggerMessage(EventId = 4001, EventName = "PersonOffboarded", Level = LogLevel.Information,
        Message = "Person {PersonId} offboarded (effective {EffectiveAt}): {Tokens} tokens handled")]
    private static partial void LogOffboarded(ILogger logger, string personId, int tokens, DateTimeOffset effectiveAt);

    [LoggerMessage(EventId = 4003, EventName = "OffboardingTokenFailed", Level = LogLevel.Warning,
        Message = "Offboarding {PersonId}: token {TokenId} not handled; the event will be redelivered")]
    private static partial void LogTokenFailed(ILogger logger, Exception exception, string personId, string tokenId);

    [LoggerMessage(EventId = 4002, EventName = "PersonAlreadyOffboarded", Level = LogLevel.Debug, Message = "Person {PersonId} was offboarded before")]
    private static partial void LogAlreadyOffboarded(ILogger logger, string personId);
}
