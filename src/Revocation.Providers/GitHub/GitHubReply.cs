using System.Net;
using System.Text.Json.Nodes;
using Revocation.Core.Revocation;
using Revocation.Providers.Http;

namespace Revocation.Providers.GitHub;

/// <summary>
/// One GitHub answer, reduced to what a multi-step flow reads: the status, the body, the <c>Link</c> rel="next"
/// URL (<see cref="NextOffHost"/> when a rel="next" pointed elsewhere and was dropped), and <see cref="Interim"/>: a RetryLater when the answer was a transport failure, a rate limit or a
/// transient status (then the caller stops and returns it).
/// </summary>
internal sealed record GitHubReply(HttpStatusCode Status, string Body, Uri? Next, RevocationOutcome? Interim, bool NextOffHost = false)
{
    /// <summary>The answer was a transport failure (no HTTP status), not GitHub's.</summary>
    public bool IsTransportFailure => Status == 0;

    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public static GitHubReply Failure(RevocationOutcome outcome) => new(0, string.Empty, null, outcome);

    /// <summary><c>HTTP 404 Not Found</c>: the status and GitHub's cleaned <c>message</c>, any secret redacted.</summary>
    public string Detail(params ReadOnlySpan<string?> secrets) =>
        Interim?.Detail ?? $"HTTP {(int)Status} {DetailText.Clean(Message(), 80, secrets)}".TrimEnd();

    public JsonNode? Json()
    {
        try
        {
            return string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private string? Message()
    {
        try
        {
            return Json()?["message"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
