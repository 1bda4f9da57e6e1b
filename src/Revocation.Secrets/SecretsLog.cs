using Microsoft.Extensions.Logging;

namespace Revocation.Secrets;

/// <summary>Source-generated log messages. Secret names and paths only: never a value.</summary>
internal static partial class SecretsLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Created the local secrets key file {Path}")]
    public static partial void KeyFileCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "Stored local secret {Name}")]
    public static partial void Stored(ILogger logger, string name);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Debug, Message = "Deleted local secret {Name}: {Deleted}")]
    public static partial void Deleted(ILogger logger, string name, bool deleted);
}
