using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;

namespace Revocation.Providers.Http;

/// <summary>
/// The one place where adapters send a request: applies the provider's per-call timeout (the policy's
/// <see cref="ProviderPolicy.Timeout"/>, covering the resilience handler's retries too) and turns transport
/// failures into <see cref="RevocationOutcome.RetryLater"/>. Caller cancellation propagates. Under a
/// <see cref="ProviderCallGate"/> (an incident), each exchange first takes a place at the gate.
/// </summary>
internal static class ProviderHttp
{
    public static Task<RevocationOutcome> ExchangeAsync(
        HttpClient client,
        HttpRequestMessage request,
        ProviderPolicy policy,
        TimeProvider time,
        Func<HttpResponseMessage, CancellationToken, Task<RevocationOutcome>> map,
        CancellationToken cancellationToken) =>
        ExchangeAsync(client, request, policy, time, map, outcome => outcome, cancellationToken);

    /// <summary>As above, for a multi-step adapter: a transport failure becomes <paramref name="onFailure"/>'s result.</summary>
    public static async Task<T> ExchangeAsync<T>(
        HttpClient client,
        HttpRequestMessage request,
        ProviderPolicy policy,
        TimeProvider time,
        Func<HttpResponseMessage, CancellationToken, Task<T>> map,
        Func<RevocationOutcome, T> onFailure,
        CancellationToken cancellationToken)
    {
        // A caller revoking many tokens (an incident) bounds its open calls; the wait for a place is the caller's, not the
        // provider's, so the per-call timeout starts after it.
        using var place = await ProviderCallGate.EnterAsync(cancellationToken);
        var timeout = policy.Timeout > TimeSpan.Zero ? policy.Timeout : TimeSpan.FromSeconds(30);
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            return await map(response, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our per-call timeout or HttpClient.Timeout, not the caller: the provider may still answer later.
            return onFailure(RevocationOutcome.RetryLater(FormattableString.Invariant($"timeout after {timeout.TotalSeconds:0.#} s")));
        }
        catch (TimeoutRejectedException)
        {
            return onFailure(RevocationOutcome.RetryLater("timeout (resilience handler)"));
        }
        catch (BrokenCircuitException)
        {
            return onFailure(RevocationOutcome.RetryLater("circuit open for this provider"));
        }
        catch (ExecutionRejectedException ex)
        {
            return onFailure(RevocationOutcome.RetryLater("rejected by resilience handler: " + ex.GetType().Name));
        }
        catch (HttpRequestException ex)
        {
            // ex.Message can carry the host and inner socket text; the error category is enough.
            return onFailure(RevocationOutcome.RetryLater("network error: " + ex.HttpRequestError));
        }
    }

    /// <summary>429, 408, 503 and other 5xx (except 501) as RetryLater with the provider's Retry-After; else null.</summary>
    public static RevocationOutcome? TransientOutcome(HttpResponseMessage response, DateTimeOffset now, string? extra = null)
    {
        var status = (int)response.StatusCode;
        if (!IsTransientStatus(response.StatusCode))
        {
            return null;
        }

        var detail = string.IsNullOrEmpty(extra) ? $"HTTP {status}" : $"HTTP {status} {extra}";
        return RevocationOutcome.RetryLater(detail, RetryAfterParser.FromHeaders(response.Headers, now));
    }

    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
        || ((int)status >= 500 && status != HttpStatusCode.NotImplemented);

    public static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Length <= 16 * 1024 ? body : body[..(16 * 1024)];
    }
}
