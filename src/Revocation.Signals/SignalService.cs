using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revocation.Core.Events;
using Revocation.Core.Storage;

namespace Revocation.Signals;

/// <summary>
/// Receives one pushed Security Event Token (RFC 8935): checks the request, verifies the SET (<see cref="SetVerifier"/>),
/// checks the transmitter may send its event type, maps it (<see cref="SetMapper"/>) and puts the CloudEvent on its
/// intake queue; only then is it accepted. The intake then authorizes it (a partner's transfer against
/// <c>transfer.allowedSources</c>) and de-duplicates it by (source, jti), so a replayed SET is recorded once. Every refused
/// SET is kept with its reason under <see cref="RejectionQueue"/>, without its signature. A queue failure throws: the
/// host answers 5xx and the transmitter retries, as RFC 8935 lets it.
/// </summary>
public sealed partial class SignalService(
    SetVerifier verifier,
    IIntakeQueue intake,
    RejectionService rejections,
    IOptions<SignalOptions> options,
    TimeProvider time,
    ILogger<SignalService> logger)
{
    /// <summary>Where refused SETs are kept (<c>revctl poison list signals</c>).</summary>
    public const string RejectionQueue = "signals";

    /// <summary>The media type of a pushed SET (RFC 8417 §7.2).</summary>
    public const string MediaType = "application/secevent+jwt";

    public async Task<SignalAnswer> ReceiveAsync(SignalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = options.Value.MaxBodyBytes;
        var length = request.Body.Length;
        var text = System.Text.Unicode.Utf8.IsValid(request.Body.Span) ? Encoding.UTF8.GetString(request.Body.Span).Trim() : "";
        if (request.Oversize)
            return await RefuseAsync(text, length, false, null,
                SignalAnswer.Refused(SignalErrors.InvalidRequest, $"the body is larger than {limit} bytes"), cancellationToken);
        if (!IsSetMediaType(request.ContentType))
            return await RefuseAsync(text, length, true, null, SignalAnswer.Refused(SignalErrors.InvalidRequest,
                $"Content-Type must be {MediaType}, was '{SetVerifier.Clip(request.ContentType)}'"), cancellationToken);
        if (text.Length == 0)
            return await RefuseAsync(text, length, true, null,
                SignalAnswer.Refused(SignalErrors.InvalidRequest, "the body is empty or not UTF-8"), cancellationToken);

        var (set, refusal) = await verifier.VerifyAsync(text, time.GetUtcNow(), cancellationToken);
        if (refusal is not null) return await RefuseAsync(text, length, true, null, refusal, cancellationToken);
        var t = set!.Transmitter;
        if (!SetEventTypes.IsKnown(set.EventType))
            return await RefuseAsync(text, length, true, set.EventType, SignalAnswer.Refused(SignalErrors.InvalidRequest,
                $"event type '{SetVerifier.Clip(set.EventType)}' is not one the receiver understands (docs/partners.md)"), cancellationToken);
        if (!t.Events.Contains(set.EventType))
            return await RefuseAsync(text, length, true, set.EventType, SignalAnswer.Refused(SignalErrors.AccessDenied,
                $"transmitter '{t.Name}' may not send event type '{SetVerifier.Clip(set.EventType)}'"), cancellationToken);
        var (cloudEvent, type, problem) = SetMapper.Map(set);
        if (problem is not null)
            return await RefuseAsync(text, length, true, type, SignalAnswer.Refused(SignalErrors.InvalidRequest, problem), cancellationToken);

        await intake.EnqueueAsync(EventTypes.QueueFor(type!), cloudEvent!, cancellationToken);
        LogQueued(logger, t.Name, set.Jti, type!);
        return SignalAnswer.Queued(set.Jti, type!);
    }

    /// <summary>True for <c>application/secevent+jwt</c>, with or without parameters, in any case.</summary>
    public static bool IsSetMediaType(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    private async Task<SignalAnswer> RefuseAsync(
        string token, int bytes, bool complete, string? eventType, SignalAnswer refusal, CancellationToken cancellationToken)
    {
        var (id, body) = RefusedSet.Describe(token, bytes, complete, eventType);
        await rejections.KeepAsync(RejectionQueue, id, body, $"{refusal.Err}: {refusal.Description}", cancellationToken);
        return refusal;
    }

    [LoggerMessage(EventId = 1502, EventName = "SignalQueued", Level = LogLevel.Information,
        Message = "SET {Jti} from transmitter {Transmitter} queued as {EventType}")]
    private static partial void LogQueued(ILogger logger, string transmitter, string jti, string eventType);
}
