using System.Text;
using Revocation.Core.Events;
using Revocation.Core.Offboarding;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Core.Intake;

/// <summary>
/// Handles one intake message: validates it, records it in the token's chain with its decision, derives the
/// token's state, and keeps the indexes. Invalid messages are kept with their reason (<see cref="RejectionService"/>); storage failures throw so
/// the queue retries them.
/// </summary>
public sealed class IntakeService(
    TokenEventRecorder recorder,
    RejectionService rejections,
    OffboardingService offboarding)
{
    public async Task<IntakeResult> HandleAsync(IntakeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parsed = EventParser.Parse(Encoding.UTF8.GetBytes(message.Body));
        if (parsed.Event is { Envelope.Source: TokenFold.PipelineSource })
            parsed = EventParseResult.Invalid($"$.source '{TokenFold.PipelineSource}' is reserved for the pipeline");
        if (!parsed.IsValid)
        {
            await rejections.KeepAsync(message.Queue, message.MessageId, message.Body, parsed.Rejection!, cancellationToken);
            return new IntakeResult(IntakeOutcome.Invalid, parsed.Rejection);
        }
        return parsed.Event switch
        {
            IdentityOffboarded o => await offboarding.HandleAsync(o, cancellationToken),
            TokenEvent t => await recorder.ApplyAsync(t, cancellationToken),
            _ => throw new InvalidOperationException("unreachable: parser returned an unknown event"),
        };
    }
}
