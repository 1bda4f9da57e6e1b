using Revocation.Core.Events;
using Revocation.Core.Revocation;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

/// <summary>
/// Whether a message in <c>&lt;queue&gt;-poison</c> can succeed when replayed. It failed every attempt; when it is
/// nevertheless a well-formed message (a valid CloudEvent, a revocation request) the failure was the pipeline's or a
/// dependency's and a replay may succeed. When it is not, no replay can change that: it would only be rejected.
/// </summary>
internal static class PoisonVerdict
{
    public const string Replayable = "failed every attempt (host.json maxDequeueCount); may succeed on replay";

    /// <summary>Null when a replay may succeed; otherwise why it never can.</summary>
    public static string? WhyNever(string queue, BinaryData raw)
    {
        if (QueueMessageText.TryDecode(raw, out var undecodable) is not { } text) return undecodable;
        if (queue == QueueNames.Revocations)
            return RevocationRequestJson.Parse(text) is null ? RevocationMessageService.NotARequest : null;
        var parsed = EventParser.Parse(text);
        return parsed.IsValid ? null : parsed.Rejection;
    }

    /// <summary>The text to show for a poison message: decoded, or as stored when it is not base64 UTF-8.</summary>
    public static string Text(BinaryData raw) => QueueMessageText.TryDecode(raw, out _) ?? raw.ToString();
}
