using Microsoft.Extensions.Logging;
using Revocation.Core.Policy;
using Revocation.Core.Tokens;

namespace Revocation.Core.Posture;

/// <summary>
/// Keeps the posture aggregates (<see cref="IPostureStore"/>) in step with every committed state write
/// (<see cref="TokenWriter"/> calls it). The aggregates are hints: a failed aggregate write does not fail the write it
/// follows (its state is committed, and a redelivery would be a duplicate that changes nothing), it is logged with
/// the repair to run.
/// </summary>
public sealed partial class PostureRecorder(PolicyDocument policy, IPostureStore store, ILogger<PostureRecorder> logger)
{
    public async Task RecordAsync(TokenRecord? before, TokenRecord? after, CancellationToken cancellationToken)
    {
        var changes = PostureTally.Changes(before, after, policy);
        if (changes.Count == 0) return;
        try
        {
            await store.AddAsync(changes, cancellationToken);
        }
        catch (Exception e) when (!e.IsFatal() && !cancellationToken.IsCancellationRequested)
        {
            LogMissed(logger, e, after?.TokenId ?? before?.TokenId ?? "");
        }
    }

    [LoggerMessage(EventId = 1701, EventName = "PostureAggregateMissed", Level = LogLevel.Warning,
        Message = "The posture aggregates missed the change of token {TokenId}; 'revctl report --rebuild' recounts them from the state rows")]
    private static partial void LogMissed(ILogger logger, Exception exception, string tokenId);
}
