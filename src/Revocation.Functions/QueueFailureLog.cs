using Microsoft.Extensions.Logging;
using Revocation.Core.Events;

namespace Revocation.Functions;

/// <summary>Logs a message's last failed attempt (the host then moves it to the poison queue) with a stable event name alerts match.</summary>
internal static partial class QueueFailureLog
{
    /// <summary>host.json's <c>maxDequeueCount</c>; the metadata test keeps the two in step.</summary>
    public const long MaxDequeueCount = 5;

    /// <summary>For use in an exception filter: logs and returns false, so the exception propagates to the host.</summary>
    public static bool LogIfLastAttempt(ILogger logger, string queue, string messageId, long dequeueCount, Exception error)
    {
        if (dequeueCount >= MaxDequeueCount) LogPoison(logger, error, messageId, queue, QueueNames.Poison(queue));
        return false;
    }

    [LoggerMessage(EventId = 9001, EventName = "PoisonMessage", Level = LogLevel.Error,
        Message = "Message {MessageId} on {Queue} failed its last attempt and moves to {PoisonQueue}")]
    private static partial void LogPoison(ILogger logger, Exception error, string messageId, string queue, string poisonQueue);
}
