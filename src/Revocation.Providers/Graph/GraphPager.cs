using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Revocation.Core.Discovery;
using Revocation.Core.Policy;
using Revocation.Providers.Http;
using Revocation.Providers.Listing;

namespace Revocation.Providers.Graph;

/// <summary>
/// Reads every page of one Graph collection query (<c>@odata.nextLink</c>, same scheme and host only), waiting out
/// throttling within a <see cref="ListingWaitBudget"/>. An expired page token restarts the query from its first
/// page once. Anything else that stops the read throws <see cref="InventoryIncompleteException"/>.
/// </summary>
internal sealed class GraphPager(HttpClient client, Uri baseAddress, string bearer, ProviderPolicy policy, TimeProvider time, ListingWaitBudget budget)
{
    /// <summary>Pages read at most per query: 10,000 (a million objects at 100 a page); past that, incomplete.</summary>
    public const int MaxPages = 10_000;

    /// <summary>
    /// Graph's error code for a stale <c>$skiptoken</c> in a nextLink ("The specified page token value has expired"),
    /// seen on large directories (msgraph-sdk-dotnet#2254) but not documented: matched on any 4xx.
    /// </summary>
    public const string ExpiredPageToken = "Directory_ExpiredPageToken";

    public async Task<List<JsonObject>> ReadAllAsync(string path, string permission, CancellationToken cancellationToken)
    {
        var first = new Uri(baseAddress.AbsoluteUri.TrimEnd('/') + "/v1.0/" + path);
        for (var restarted = false; ; restarted = true)
        {
            var items = new List<JsonObject>();
            Uri? page = first;
            var expired = false;
            for (var read = 0; page is not null; read++)
            {
                if (read == MaxPages)
                {
                    throw Incomplete($"more than {MaxPages} pages");
                }

                var (status, body) = await GetAsync(page, permission, cancellationToken);
                if ((int)status is >= 400 and < 500 && GraphJson.ErrorCode(body) == ExpiredPageToken && page != first)
                {
                    expired = true;
                    break;
                }

                if ((int)status is < 200 or >= 300)
                {
                    throw Incomplete(Describe(status, body, permission));
                }

                var json = Parse(body);
                items.AddRange((json?["value"] as JsonArray ?? throw Incomplete("page without a value array")).OfType<JsonObject>());
                page = Next(json!);
            }

            if (!expired)
            {
                return items;
            }

            if (restarted)
            {
                throw Incomplete($"page token expired again after a restart ({ExpiredPageToken})");
            }
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(Uri page, string permission, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var (status, body, retryAfter, failure) = await ProviderHttp.ExchangeAsync(client, request, policy, time,
                async (response, ct) => (response.StatusCode, await response.Content.ReadAsStringAsync(ct),
                    RetryAfterParser.FromHeaders(response.Headers, time.GetUtcNow()), (string?)null),
                outcome => ((HttpStatusCode)0, string.Empty, (TimeSpan?)null, (string?)outcome.Detail), cancellationToken);
            if (failure is not null)
            {
                throw Incomplete(failure);
            }

            if (!ProviderHttp.IsTransientStatus(status))
            {
                return (status, body);
            }

            if (!await budget.TryWaitAsync(retryAfter, cancellationToken))
            {
                throw Incomplete($"{Describe(status, body, permission)}; {budget.Describe()}");
            }
        }
    }

    private Uri? Next(JsonObject page)
    {
        if (page["@odata.nextLink"] is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var next)
            && Uri.Compare(next, baseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? next
            : throw Incomplete("@odata.nextLink points to another host: not followed");
    }

    private string Describe(HttpStatusCode status, string body, string permission)
    {
        var detail = $"HTTP {(int)status} {DetailText.Clean(GraphJson.ErrorCode(body), 60, bearer)}".TrimEnd();
        return status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $"{detail}: the app's identity needs the Graph application permission {permission}"
            : detail;
    }

    private JsonObject? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw Incomplete("page is not a JSON object");
        }
        catch (JsonException)
        {
            throw Incomplete("page is not readable JSON");
        }
    }

    private InventoryIncompleteException Incomplete(string reason) => new(policy.Name, reason);
}
