using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Revocation.Providers.Http;

/// <summary>
/// The standard resilience handler's settings for provider clients. Revoking a credential is not a call to
/// retry blindly: only transient answers are retried, at most twice, with short delays, and a provider's
/// <c>Retry-After</c> longer than <see cref="MaxInProcessDelay"/> is not waited out here but returned to the
/// adapter (which maps it to RetryLater, so the pipeline's queue does the waiting).
/// </summary>
internal static class ProviderResilience
{
    /// <summary>Retries after the first attempt: 2.</summary>
    public const int MaxRetryAttempts = 2;

    /// <summary>Longest delay (backoff or Retry-After) waited in-process: 5 s.</summary>
    public static readonly TimeSpan MaxInProcessDelay = TimeSpan.FromSeconds(5);

    /// <summary>Per-attempt timeout: 30 s (the policy's own Timeout, applied by the adapter, is usually shorter).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Total timeout over all attempts: 60 s.</summary>
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(60);

    public static void Configure(HttpStandardResilienceOptions options, TimeProvider time)
    {
        options.Retry.MaxRetryAttempts = MaxRetryAttempts;
        options.Retry.BackoffType = DelayBackoffType.Exponential;
        options.Retry.UseJitter = true;
        options.Retry.Delay = TimeSpan.FromMilliseconds(250);
        options.Retry.MaxDelay = MaxInProcessDelay;
        options.Retry.ShouldRetryAfterHeader = true;
        options.Retry.ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, time.GetUtcNow()));
        options.AttemptTimeout.Timeout = AttemptTimeout;
        options.TotalRequestTimeout.Timeout = TotalTimeout;

        // The circuit breaker's sampling window must be at least twice the attempt timeout.
        options.CircuitBreaker.SamplingDuration = AttemptTimeout * 2;
    }

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, DateTimeOffset now)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        var response = outcome.Result;
        if (response is null || !ProviderHttp.IsTransientStatus(response.StatusCode))
        {
            return false;
        }

        var retryAfter = RetryAfterParser.FromHeaders(response.Headers, now);
        return retryAfter is null || retryAfter <= MaxInProcessDelay;
    }

    public static void ConfigureClient(HttpClient client)
    {
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("nhi-revocation", "1.0"));

        // Above the resilience handler's total timeout so that one (or the adapter's own) fires first.
        client.Timeout = TotalTimeout + TimeSpan.FromSeconds(10);
        client.MaxResponseContentBufferSize = 1024 * 1024;
    }
}
