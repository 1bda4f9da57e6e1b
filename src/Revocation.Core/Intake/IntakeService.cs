using System.Text;
using Revocation.Core.Events;
using Revocation.Core.Incidents;
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
    OffboardingService offboarding,
    IncidentService incidents)
{
    public async Task<IntakeResult> HandleAsync(IntakeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parsed = EventParser.Parse(Encoding.UTF8.GetBytes(message.Body));
        if (parsed.Event is { Envelope.Source: TokenFold.PipelineSource })
            parsed = EventParseResult.Invalid($"$.source '{TokenFold.PipelineSource}' is reserved for the pipeline");
        // A selector naming a class or provider the policy does not know can never succeed: kept with its reason.
        if (parsed.Event is IncidentDeclared declared && incidents.Problem(declared.Selector, "$.data.selector.") is { } problem)
            parsed = EventParseResult.Invalid(problem);
        if (!parsed.IsValid)
        {
            await rejections.KeepAsync(message.Queue, message.MessageId, message.Body, parsed.Rejection!, cancellationToken);
            return new IntakeResult(IntakeOutcome.Invalid, parsed.Rejection);
        }
        return parsed.Event switch
        {
            IdentityOffboarded o => await offboarding.HandleAsync(o, cancellationToken),
            IncidentDeclared i => await DeclareAsync(i, cancellationToken),
            TokenEvent t => await recorder.ApplyAsync(t, cancellationToken),
            _ => throw new InvalidOperationException("unreachable: parser returned an unknown event"),
        };
    }

    /// <summary>An incident from automation: its id is the event's id, its declarer the event's source.</summary>
    private async Task<IntakeResult> DeclareAsync(IncidentDeclared e, CancellationToken cancellationToken)
    {
        var declaration = new IncidentDeclaration(e.Envelope.Id, e.Selector, e.Reason, e.Actor, e.Envelope.Source, e.Envelope.Time);
        var report = await incidents.DeclareAsync(declaration, e.Confirm ? Sweep.SweepMode.Confirm : Sweep.SweepMode.Normal, null, cancellationToken);
        return report.GuardTripped && !e.Confirm
            ? new IntakeResult(IntakeOutcome.Rejected, "guard: " + report.GuardReason, e.Envelope.Id)
            : new IntakeResult(IntakeOutcome.Accepted, $"{report.Items.Count} tokens matched", e.Envelope.Id);
    }
}
