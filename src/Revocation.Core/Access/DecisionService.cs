using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revocation.Core.Policy;
using Revocation.Core.Storage;

namespace Revocation.Core.Access;

/// <summary>
/// May this workload use this token for this task, now? Reads the token through <see cref="TokenRecordCache"/> and the
/// offboarded people through the people store's cache, applies <see cref="DecisionRules"/>, and hands the answer to
/// <see cref="DecisionRecorder"/> (an allow is a use; a deny is evidence). A warm decision makes no storage request.
/// </summary>
public sealed partial class DecisionService(
    PolicyDocument policy,
    TokenRecordCache tokens,
    IPeopleStore people,
    DecisionRecorder recorder,
    IOptions<DecisionOptions> options,
    TimeProvider time,
    ILogger<DecisionService> logger)
{
    public async Task<Decision> DecideAsync(DecisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var (record, age) = await tokens.GetAsync(request.TokenId, now, cancellationToken);
        var offboarded = await people.GetOffboardedAsync(cancellationToken);
        var reasons = DecisionRules.ReasonsAt(request, record, policy, offboarded, now);
        var cacheFor = DecisionRules.CacheFor(record, policy, offboarded, now, options.Value.CacheFor, age);
        var decision = new Decision(request.TokenId, reasons, record?.State, cacheFor, now);
        recorder.Record(request, decision);
        // An id that is no token may be a token value pasted by mistake: only its fingerprint is logged.
        if (!decision.Allowed) LogDenied(logger, record is null ? DenialRecord.Fingerprint(request.TokenId) : request.TokenId, reasons);
        return decision;
    }

    [LoggerMessage(EventId = 1400, EventName = "DecisionDenied", Level = LogLevel.Debug, Message = "Decision for token {TokenId}: deny ({Reasons})")]
    private static partial void LogDenied(ILogger logger, string tokenId, IReadOnlyList<string> reasons);
}
