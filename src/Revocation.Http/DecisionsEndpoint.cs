using Microsoft.AspNetCore.Http;
using Revocation.Core.Access;

namespace Revocation.Http;

/// <summary>
/// <c>POST /api/decisions</c> (docs/decisions.md): <c>application/json</c> (else 415), at most <see cref="MaxBodyBytes"/>
/// (else 413), a request <see cref="DecisionRequestParser"/> accepts (else 400 naming the field); answers 200 with the
/// decision, allow or deny alike.
/// </summary>
public sealed class DecisionsEndpoint(DecisionService decisions) : IApiEndpoint
{
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
        var decision = await decisions.DecideAsync(parsed, cancellationToken);
        return new DecisionResult(decision);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
