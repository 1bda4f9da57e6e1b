using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Revocation.Core.Events;
using Revocation.Core.Offboarding;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Intake;

/// <summary>
/// Handles one intake message: validates it, records it in the token's chain with its decision, derives the
/// token's state, and keeps the indexes. Invalid messages are kept with their reason; storage failures throw so
/// the queue retries them.
/// </summary>
public sealed partial class IntakeService(
    TokenEventRecorder recorder,
    IRejectionStore rejections,
    OffboardingService offboarding,
    TimeProvider time,
    ILogger<IntakeService> logger)
{
    /// <summary>Longest message body kept with a rejection.</summary>
    public const int MaxKeptBodyChars = 32 * 1024;

    public async Task<IntakeResult> HandleAsync(IntakeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parsed = EventParser.Parse(Encoding.UTF8.GetBytes(message.Body));
        if (parsed.Event is { Envelope.Source: TokenFold.PipelineSource })
            parsed = EventParseResult.Invalid($"$.source '{TokenFold.PipelineSource}' is reserved for the pipeline");
        if (!parsed.IsValid)
        {
            await KeepRejectedAsync(message, parsed.Rejection!, cancellationToken);
            return new IntakeResult(IntakeOutcome.Invalid, parsed.Rejection);
        }
        return parsed.Event switch
        {
            IdentityOffboarded o => await offboarding.HandleAsync(o, cancellationToken),
            TokenEvent t => await recorder.ApplyAsync(t, cancellationToken),
            _ => throw new InvalidOperationException("unreachable: parser returned an unknown event"),
        };
    }

    private async Task KeepRejectedAsync(IntakeMessage message, string reason, CancellationToken cancellationToken)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.Body)));
        var redacted = SecretRedaction.Redact(message.Body);
        var body = redacted.Length <= MaxKeptBodyChars ? redacted : redacted[..MaxKeptBodyChars];
        await rejections.AddAsync(new Rejection(message.Queue, message.MessageId, time.GetUtcNow(), reason, body, sha), cancellationToken);
        LogInvalid(logger, message.Queue, message.MessageId, reason);
    }

    [LoggerMessage(EventId = 1003, EventName = "MessageRejected", Level = LogLevel.Warning,
        Message = "Message {MessageId} on {Queue} can never succeed and was kept with its reason: {Reason}")]
    private static partial void LogInvalid(ILogger logger, string queue, string messageId, string reason);
}
