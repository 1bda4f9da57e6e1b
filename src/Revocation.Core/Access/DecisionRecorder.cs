using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revocation.Core.Events;
using Revocation.Core.Intake;
using Revocation.Core.Tokens;

namespace Revocation.Core.Access;

/// <summary>
/// Collects what decisions leave behind and writes it coalesced, every <see cref="DecisionOptions.UsageWriteInterval"/>
/// (<see cref="FlushAsync"/>; hosts call it on a timer and at shutdown). An allowed decision is a use: one <c>token.used</c>
/// per token per flush, recorded through the intake's own path (<see cref="TokenEventRecorder"/>: ledger entry, idle clock,
/// due index) with source <c>urn:revocation:pipeline</c>. Denials: one <see cref="DenialRecord"/> per (token, reason) per flush.
/// </summary>
public sealed partial class DecisionRecorder(
    TokenEventRecorder recorder,
    IDenialStore denials,
    IOptions<DecisionOptions> options,
    TimeProvider time,
    ILogger<DecisionRecorder> logger) : IDisposable
{
    /// <summary>The event id prefix of the uses a decision records (<c>decision-use|</c> + usedAt ticks).</summary>
    public const string UseEventIdPrefix = "decision-use|";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _uses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string? TokenId, string Reason), DenialTally> _denials = new();
    private readonly SemaphoreSlim _flush = new(1, 1);
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];

    public void Record(DecisionRequest request, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Allowed)
        {
            _uses.AddOrUpdate(request.TokenId, decision.EvaluatedAt, (_, prior) => prior > decision.EvaluatedAt ? prior : decision.EvaluatedAt);
            return;
        }
        foreach (var reason in decision.Reasons)
        {
            // Unknown ids are caller input: they share one row per reason, as does everything past the cap.
            string? key = reason == DecisionReasons.UnknownToken ? null : request.TokenId;
            if (key is not null && !_denials.ContainsKey((key, reason)) && _denials.Count >= options.Value.MaxDenialKeysPerInterval) key = null;
            var sample = key is null ? DenialRecord.Fingerprint(request.TokenId) : request.TokenId;
            _denials.GetOrAdd((key, reason), _ => new DenialTally(decision.EvaluatedAt)).Add(request.Holder, sample, decision.EvaluatedAt);
        }
    }

    /// <summary>Uses and denials waiting for the next flush.</summary>
    public (int Uses, int Denials) Pending => (_uses.Count, _denials.Count);

    /// <summary>Writes what was collected; what fails to write stays for the next flush (logged), never thrown away.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flush.WaitAsync(cancellationToken);
        try
        {
            await FlushUsesAsync(cancellationToken);
            await FlushDenialsAsync(cancellationToken);
        }
        finally
        {
            _flush.Release();
        }
    }

    private async Task FlushUsesAsync(CancellationToken cancellationToken)
    {
        foreach (var tokenId in _uses.Keys)
        {
            if (!_uses.TryRemove(tokenId, out var usedAt)) continue;
            var id = UseEventIdPrefix + usedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);
            var used = new TokenUsed(new EventEnvelope(id, TokenFold.PipelineSource, EventTypes.TokenUsed, usedAt), tokenId, usedAt);
            try
            {
                await recorder.ApplyAsync(used, cancellationToken);
            }
            catch (Exception ex) when (!ex.IsFatal())
            {
                _uses.AddOrUpdate(tokenId, usedAt, (_, prior) => prior > usedAt ? prior : usedAt);
                LogUseNotWritten(logger, ex, tokenId);
                if (cancellationToken.IsCancellationRequested) throw;
            }
        }
    }

    private async Task FlushDenialsAsync(CancellationToken cancellationToken)
    {
        if (_denials.IsEmpty) return;
        var window = time.GetUtcNow();
        var taken = new List<((string? TokenId, string Reason) Key, DenialTally Tally)>();
        foreach (var key in _denials.Keys)
            if (_denials.TryRemove(key, out var tally)) taken.Add((key, tally));
        try
        {
            await denials.WriteAsync([.. taken.Select(t => t.Tally.ToRecord(window, t.Key.TokenId, t.Key.Reason, _instance))], cancellationToken);
        }
        catch (Exception ex) when (!ex.IsFatal())
        {
            // Put them back (a denial recorded meanwhile for the same key starts a new tally; both are written next time).
            foreach (var (key, tally) in taken) _denials.TryAdd(key, tally);
            LogDenialsNotWritten(logger, ex, taken.Count);
            if (cancellationToken.IsCancellationRequested) throw;
        }
    }

    public void Dispose() => _flush.Dispose();

    [LoggerMessage(EventId = 1401, EventName = "DecisionUseNotWritten", Level = LogLevel.Warning,
        Message = "The use of token {TokenId} by a decision was not written; retried at the next flush")]
    private static partial void LogUseNotWritten(ILogger logger, Exception exception, string tokenId);

    [LoggerMessage(EventId = 1402, EventName = "DecisionDenialsNotWritten", Level = LogLevel.Warning,
        Message = "{Count} denial rows were not written; retried at the next flush")]
    private static partial void LogDenialsNotWritten(ILogger logger, Exception exception, int count);
}
