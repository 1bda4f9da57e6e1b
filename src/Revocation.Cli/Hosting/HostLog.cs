using Microsoft.Extensions.Logging;

namespace Revocation.Cli.Hosting;

/// <summary>The local host's log messages (stderr).</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 9001, EventName = "StorageUnreachable", Level = LogLevel.Warning,
        Message = "Storage unreachable ({Queue}): {Error}; retrying every {Backoff} at most until it answers")]
    public static partial void StorageUnreachable(ILogger logger, string queue, string error, TimeSpan backoff);

    [LoggerMessage(EventId = 9002, EventName = "StorageReachable", Level = LogLevel.Warning,
        Message = "Storage answers again after {Outage}")]
    public static partial void StorageReachable(ILogger logger, TimeSpan outage);

    [LoggerMessage(EventId = 9003, EventName = "SettleFailed", Level = LogLevel.Warning,
        Message = "Message {MessageId} on {Queue} could not be settled ({Error}); it is delivered again when its lease ends")]
    public static partial void SettleFailed(ILogger logger, string queue, string messageId, string error);

    [LoggerMessage(EventId = 9004, EventName = "LeaseRenewalFailed", Level = LogLevel.Debug,
        Message = "Lease of message {MessageId} on {Queue} not renewed")]
    public static partial void LeaseRenewalFailed(ILogger logger, string queue, string messageId, Exception error);

    [LoggerMessage(EventId = 9005, EventName = "LeaseLost", Level = LogLevel.Warning,
        Message = "Lease of message {MessageId} on {Queue} ran out while it was handled; it is delivered again")]
    public static partial void LeaseLost(ILogger logger, string queue, string messageId);

    [LoggerMessage(EventId = 9006, EventName = "SweepFailed", Level = LogLevel.Warning,
        Message = "Sweep failed ({Error}); the next one runs in {RetryIn}")]
    public static partial void SweepFailed(ILogger logger, string error, TimeSpan retryIn);

    [LoggerMessage(EventId = 9007, EventName = "ApiListening", Level = LogLevel.Warning,
        Message = "HTTP API listening on {Address} ({Routes})")]
    public static partial void ApiListening(ILogger logger, string address, string routes);
}
