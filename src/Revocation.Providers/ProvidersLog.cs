using Microsoft.Extensions.Logging;
using Revocation.Core.Revocation;

namespace Revocation.Providers;

/// <summary>Source-generated log messages. Token ids and provider names only: never a token value or secret.</summary>
internal static partial class ProvidersLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug,
        Message = "Provider {Provider} ({Kind}) answered for token {TokenId}: {Outcome} ({Detail})")]
    public static partial void Answered(ILogger logger, string provider, string kind, string tokenId, RevocationOutcomeKind outcome, string detail);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Revocation of token {TokenId} via provider {Provider} ({Kind}) cannot proceed: {Detail}")]
    public static partial void CannotProceed(ILogger logger, string tokenId, string provider, string kind, string detail);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "Graph token acquisition for provider {Provider} failed: {ErrorType}")]
    public static partial void GraphTokenFailed(ILogger logger, string provider, string errorType);
}
