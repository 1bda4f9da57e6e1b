using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Revocation.Core.Policy;
using Revocation.Providers.Http;

namespace Revocation.Providers.GitHub;

/// <summary>
/// Sends one GitHub REST request (GitHub's media type and API version, the policy's timeout via
/// <see cref="ProviderHttp"/>) and returns the <see cref="GitHubReply"/>. Never follows <c>Link</c> to another host.
/// </summary>
internal sealed class GitHubApi(IHttpClientFactory httpClientFactory, TimeProvider time)
{
    public TimeProvider Time => time;

    public static Uri Address(ProviderPolicy policy, string path) =>
        new((policy.BaseAddress ?? GitHubRevocationProvider.DefaultBaseAddress).AbsoluteUri.TrimEnd('/') + "/" + path);

    public Task<GitHubReply> SendAsync(
        ProviderPolicy policy, HttpMethod method, string path, JsonNode? body, AuthenticationHeaderValue authorization, CancellationToken cancellationToken) =>
        SendAsync(policy, method, Address(policy, path), body, authorization, cancellationToken);

    public async Task<GitHubReply> SendAsync(
        ProviderPolicy policy, HttpMethod method, Uri address, JsonNode? body, AuthenticationHeaderValue authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, address);
        request.Headers.Authorization = authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await ProviderHttp.ExchangeAsync(httpClientFactory.CreateClient(ProviderHttpClientNames.GitHub), request, policy, time,
            async (response, ct) =>
            {
                // The whole body (bounded by the client's 1 MiB buffer): a page of the org PAT listing exceeds 16 KiB.
                var text = await response.Content.ReadAsStringAsync(ct);
                var interim = response.IsSuccessStatusCode ? null
                    : GitHubRateLimit.Check(response, time.GetUtcNow()) ?? ProviderHttp.TransientOutcome(response, time.GetUtcNow());
                var (next, offHost) = NextLink(response, address);
                return new GitHubReply(response.StatusCode, text, next, interim, offHost);
            },
            GitHubReply.Failure, cancellationToken);
    }

    /// <summary>The <c>Link</c> header's rel="next" URL, only when it stays on the same scheme, host and port (else OffHost).</summary>
    private static (Uri? Next, bool OffHost) NextLink(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return (null, false);
        }

        foreach (var part in string.Join(",", values).Split(','))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length < 2 || !pieces[0].StartsWith('<') || !pieces[0].EndsWith('>')
                || !pieces.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
            {
                continue;
            }

            return Uri.TryCreate(pieces[0][1..^1], UriKind.Absolute, out var next)
                && Uri.Compare(next, current, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                ? (next, false) : (null, true);
        }

        return (null, false);
    }
}
