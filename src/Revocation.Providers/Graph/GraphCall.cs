using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;
using Revocation.Providers.Http;

namespace Revocation.Providers.Graph;

/// <summary>One authenticated Graph exchange at a time, under <c>{base}/v1.0/</c>, for one revocation.</summary>
internal sealed class GraphCall(HttpClient client, Uri baseAddress, string bearer, ProviderPolicy policy, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<RevocationOutcome> SendAsync(
        HttpMethod method,
        string path,
        JsonNode? body,
        Func<HttpResponseMessage, string, RevocationOutcome> map,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, baseAddress.AbsoluteUri.TrimEnd('/') + "/v1.0/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await ProviderHttp.ExchangeAsync(client, request, policy, time,
            async (response, ct) => map(response, await ProviderHttp.ReadBodyAsync(response, ct)), cancellationToken);
    }

    /// <summary>"HTTP 400 Request_BadRequest" from a response and its Graph error body (the bearer redacted).</summary>
    public string Describe(HttpResponseMessage response, string body) =>
        $"HTTP {(int)response.StatusCode} {DetailText.Clean(GraphJson.ErrorCode(body), 60, bearer)}".TrimEnd();
}
