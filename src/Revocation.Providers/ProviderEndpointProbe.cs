using Revocation.Core;
using Revocation.Core.Policy;
using Revocation.Providers.GitHub;
using Revocation.Providers.Graph;

namespace Revocation.Providers;

/// <summary>
/// A dry reachability check of a provider's endpoint for <c>revctl doctor</c>: one <c>HEAD</c> request, no credentials,
/// never a revocation. Any HTTP answer (405 and 401 included) counts as reachable; no answer within the timeout, a refused
/// connection or a TLS failure does not. oauth2: the revocation endpoint; graph and github: the API base address;
/// webhook: its URL.
/// </summary>
public sealed class ProviderEndpointProbe(HttpClient http, TimeProvider time)
{
    /// <summary>The longest a probe waits, whatever the provider's own timeout. Default 5 s.</summary>
    public TimeSpan MaxTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public static Uri? Target(ProviderPolicy provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return provider.Kind switch
        {
            "oauth2" => provider.RevocationEndpoint,
            "graph" => provider.BaseAddress ?? GraphRevocationProvider.DefaultBaseAddress,
            "github" => provider.BaseAddress ?? GitHubRevocationProvider.DefaultBaseAddress,
            "webhook" => provider.Url,
            _ => null,
        };
    }

    public async Task<ProbeResult> ProbeAsync(ProviderPolicy provider, CancellationToken cancellationToken)
    {
        if (Target(provider) is not { } target) return new ProbeResult(null, false, $"no endpoint known for kind '{provider.Kind}'");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = provider.Timeout < MaxTimeout ? provider.Timeout : MaxTimeout;
        timeout.CancelAfter(limit);
        var started = time.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, target);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var ms = (long)time.GetElapsedTime(started).TotalMilliseconds;
            return new ProbeResult(target, true, $"{target.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} in {ms} ms");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(target, false, $"{target.GetLeftPart(UriPartial.Path)} did not answer within {limit.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is HttpRequestException && !e.IsFatal())
        {
            var reason = e.InnerException?.Message ?? e.Message;
            return new ProbeResult(target, false, $"{target.GetLeftPart(UriPartial.Path)} unreachable: {reason.Split('\n')[0]}");
        }
    }

    /// <summary>Creates the probe's client: no redirects followed (a redirect is an answer), no retries.</summary>
    public static HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = Timeout.InfiniteTimeSpan };
}
