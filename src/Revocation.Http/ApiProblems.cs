using Microsoft.AspNetCore.Http;

namespace Revocation.Http;

/// <summary>The API's error answers (RFC 9457 problem details, <c>application/problem+json</c>), each naming what was wrong.</summary>
public static class ApiProblems
{
    /// <summary>400: the request is malformed; <paramref name="field"/> names the offending field (a JSON path, or <c>body</c>).</summary>
    public static IResult InvalidField(string field, string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "invalid request",
            extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>413: the body is over the endpoint's documented limit (nothing of it was processed).</summary>
    public static IResult TooLarge(int limitBytes) =>
        Results.Problem($"the body is over {limitBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge, title: "body too large",
            extensions: new Dictionary<string, object?> { ["limitBytes"] = limitBytes });

    /// <summary>
    /// 503 with <c>Retry-After</c>: the answer depends on something that could not be read now (storage). Never an answer
    /// by default: a caller treats it as a refusal and asks again.
    /// </summary>
    public static IResult Unavailable(string detail, int retryAfterSeconds) =>
        new RetryAfter(Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "unavailable"), retryAfterSeconds);

    private sealed class RetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>415: the body is not of the media type the endpoint takes.</summary>
    public static IResult UnsupportedMediaType(string expected) =>
        Results.Problem($"Content-Type must be {expected}", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "unsupported media type");
}
