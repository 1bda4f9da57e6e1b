using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Revocation.Core.Access;

namespace Revocation.Http;

/// <summary>
/// A decision as JSON: <c>{"decision","reasons","state","cacheFor","evaluatedAt"}</c> (<c>cacheFor</c> in whole seconds),
/// with <c>Cache-Control: private, max-age=cacheFor</c> so an HTTP cache in front (API Management) keeps it no longer.
/// </summary>
public sealed class DecisionResult(Decision decision) : IResult
{
    public Decision Decision { get; } = decision;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var seconds = (long)Decision.CacheFor.TotalSeconds;
        httpContext.Response.Headers[HeaderNames.CacheControl] = seconds > 0
            ? "private, max-age=" + seconds.ToString(CultureInfo.InvariantCulture)
            : "no-store";
        return Results.Json(ToJson(Decision)).ExecuteAsync(httpContext);
    }

    /// <summary>The answer's JSON shape, shared with <c>revctl check --json</c>.</summary>
    public static object ToJson(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new DecisionJson(decision.Verdict, decision.Reasons, decision.State, (long)decision.CacheFor.TotalSeconds, decision.EvaluatedAt);
    }

    private sealed record DecisionJson(string Decision, IReadOnlyList<string> Reasons, string? State, long CacheFor, DateTimeOffset EvaluatedAt);
}
