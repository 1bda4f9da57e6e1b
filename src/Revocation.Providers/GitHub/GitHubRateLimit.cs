using System.Globalization;
using System.Net;
using Revocation.Core.Revocation;
using Revocation.Providers.Http;

namespace Revocation.Providers.GitHub;

/// <summary>
/// GitHub's rate-limit answers: 403 or 429 with <c>retry-after</c>; else <c>x-ratelimit-remaining: 0</c> with
/// <c>x-ratelimit-reset</c> (epoch seconds); else a 429 waits a minute. A 403 without these is a real 403.
/// </summary>
internal static class GitHubRateLimit
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(1);

    public static RevocationOutcome? Check(HttpResponseMessage response, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var limited = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests;
        if (limited && RetryAfterParser.FromHeaders(response.Headers, now) is { } retryAfter)
        {
            return RevocationOutcome.RetryLater($"HTTP {status} rate limited (retry-after)", retryAfter);
        }

        if (limited && Header(response, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(Math.Min(reset, now.ToUnixTimeSeconds() + (long)RetryAfterParser.MaxDelay.TotalSeconds)) - now;
            return RevocationOutcome.RetryLater($"HTTP {status} rate limited (x-ratelimit-reset)", wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
        }

        return response.StatusCode == HttpStatusCode.TooManyRequests
            ? RevocationOutcome.RetryLater($"HTTP {status} rate limited", DefaultWait)
            : null;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
