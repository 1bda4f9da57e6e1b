using System.Text.Json;
using Microsoft.Extensions.Logging;
using Revocation.Core.Events;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Intake;

/// <summary>
/// Records a token event in the token's chain with its decision, derives the token's state, keeps the indexes,
/// and starts a revocation for a retirement. Used by the intake and by the pipeline's own reassignments.
/// </summary>
public sealed partial class TokenEventRecorder(
    PolicyDocument policy,
    TokenWriter writer,
    TokenIndexer indexer,
    IPeopleStore people,
    RevocationRequester requester,
    TimeProvider time,
    ILogger<TokenEventRecorder> logger)
{
    /// <summary>Records a token event and applies it. Also used for the pipeline's own transfers.</summary>
    public async Task<IntakeResult> ApplyAsync(TokenEvent e, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var offboarded = await people.GetOffboardedAsync(cancellationToken);
        (string Decision, string? Reason) outcome = ("", null);
        var write = await writer.UpdateAsync(e.TokenId, now, e.Envelope.Key, (current, ledger) =>
        {
            var prior = current ?? TokenRecords.New(e.TokenId);
            var inputs = prior.Inputs.With(e);
            var view = TokenFold.Derive(e.TokenId, inputs, policy, offboarded);
            outcome = IntakeDecision.For(e, prior, inputs, view);
            ledger.Append(e.Envelope.Type, outcome.Decision, outcome.Reason, e.Envelope.Time, EventData.For(e), e.Envelope.Source, e.Envelope.Id);
            foreach (var (key, decision) in view.TransferDecisions)
            {
                if (key != e.Envelope.Key && prior.View.TransferDecisions.TryGetValue(key, out var before) && before != decision)
                    ledger.Append("transfer.reevaluated", decision.Split(':')[0], decision.Contains(':') ? decision.Split(':')[1] : null,
                        e.Envelope.Time, $"{{\"transferEventKey\":{JsonSerializer.Serialize(key)}}}");
            }
            var cls = view.Class is null ? null : policy.FindClass(view.Class);
            return prior with { Inputs = inputs, View = view, NextDueAt = cls is null ? null : DueCalculator.NextDueAt(view, cls, offboarded) };
        }, cancellationToken, assumeNew: e is TokenIssued);

        if (write.Status == TokenWriteStatus.Duplicate)
        {
            LogDuplicate(logger, e.Envelope.Type, e.TokenId);
            if (write.After is not null) await indexer.EnsureAsync(write.After, cancellationToken);
            return new IntakeResult(IntakeOutcome.Duplicate, null, e.TokenId);
        }
        await indexer.AfterCommitAsync(write.Before, write.After!, cancellationToken);
        if (e is (TokenRetired or TokenCompromised) && write.After!.IsActive)
            await requester.RequestAsync(e.TokenId, e is TokenCompromised ? Reasons.Compromised : Reasons.Retired, "intake",
                e.Envelope.Key + "|revoke", cancellationToken);
        LogRecorded(logger, e.Envelope.Type, e.TokenId, outcome.Decision, outcome.Reason);
        return new IntakeResult(outcome.Decision == Decisions.Rejected ? IntakeOutcome.Rejected : IntakeOutcome.Accepted, outcome.Reason, e.TokenId);
    }

    [LoggerMessage(EventId = 1001, EventName = "EventRecorded", Level = LogLevel.Information,
        Message = "{EventType} for token {TokenId}: {Decision} {Reason}")]
    private static partial void LogRecorded(ILogger logger, string eventType, string tokenId, string decision, string? reason);

    [LoggerMessage(EventId = 1002, EventName = "EventDuplicate", Level = LogLevel.Debug, Message = "{EventType} for token {TokenId} was recorded before")]
    private static partial void LogDuplicate(ILogger logger, string eventType, string tokenId);

}
