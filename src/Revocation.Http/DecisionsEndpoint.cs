using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Revocation.Core;
using Revocation.Core.Access;

namespace Revocation.Http;

/// <summary>
/// <c>POST /api/decisions</c> (docs/decisions.md): <c>application/json</c> (else 415), at most <see cref="MaxBodyBytes"/>
/// (else 413), a request <see cref="DecisionRequestParser"/> accepts (else 400 naming the field); answers 200 with the
/// decision, allow or deny alike. When the decision needs a read that fails (storage unreachable), 503 with
/// <c>Retry-After</c>: no decision is made up, a caller treats it as a refusal.
/// </summary>
public sealed partial class DecisionsEndpoint(DecisionService decisions, ILogger<DecisionsEndpoint> logger) : IApiEndpoint
{
    /// <summary>Seconds a caller waits before asking again after a 503.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The documented body limit: 4 KiB holds the largest valid request (two 340-byte ids, a task, a 1,024-character scope).</summary>
    public const int MaxBodyBytes = 4096;

    public string Route => "decisions";

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType)) return ApiProblems.UnsupportedMediaType("application/json");
        var body = await BoundedBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null) return ApiProblems.TooLarge(MaxBodyBytes);
        var (parsed, field, error) = DecisionRequestParser.Parse(body);
        if (parsed is null) return ApiProblems.InvalidField(field!, error!);
        try
        {
            return new DecisionResult(await decisions.DecideAsync(parsed, cancellationToken));
        }
        catch (Exception e) when (!e.IsFatal() && !cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(logger, e.GetType().Name);
            return ApiProblems.Unavailable($"the token's state could not be read ({e.GetType().Name}): no decision, ask again", RetryAfterSeconds);
        }
    }

    [LoggerMessage(EventId = 7101, EventName = "DecisionUnavailable", Level = LogLevel.Warning,
        Message = "A decision could not be made ({Error}): answered 503")]
    private static partial void LogUnavailable(ILogger logger, string error);

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
