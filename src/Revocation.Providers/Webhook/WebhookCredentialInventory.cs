using System.Globalization;
using System.Net.Http.Headers;
using Revocation.Core.Discovery;
using Revocation.Core.Policy;
using Revocation.Core.Secrets;
using Revocation.Providers.Http;
using Revocation.Providers.Listing;

namespace Revocation.Providers.Webhook;

/// <summary>
/// Lists a webhook provider's credentials from its optional <see cref="ProviderPolicy.InventoryUrl"/>: a GET signed
/// like the revocation call (<see cref="WebhookSignature"/> over the timestamp and an empty body), pages followed by
/// <c>next</c> on the same scheme and host. Without an inventory URL the provider cannot list: the listing is
/// incomplete, never empty (an empty list would make every known credential look gone).
/// </summary>
public sealed class WebhookCredentialInventory(IHttpClientFactory httpClientFactory, ISecretStore secrets, TimeProvider time) : ICredentialInventory
{
    /// <summary>Pages read at most: 1,000; past that, incomplete.</summary>
    public const int MaxPages = 1_000;

    public string Kind => WebhookRevocationProvider.KindName;

    public async Task<IReadOnlyList<DiscoveredCredential>> ListAsync(ProviderPolicy provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.InventoryUrl is not { } first)
        {
            throw Incomplete(provider, "no inventoryUrl in the provider policy: this webhook provider cannot list");
        }

        var key = string.IsNullOrEmpty(provider.SigningSecretRef) ? null : await secrets.TryGetAsync(provider.SigningSecretRef, cancellationToken);
        if (string.IsNullOrEmpty(key))
        {
            throw Incomplete(provider, "signing secret not found in store");
        }

        var client = httpClientFactory.CreateClient(ProviderHttpClientNames.Webhook);
        var budget = new ListingWaitBudget(time);
        var found = new List<DiscoveredCredential>();
        Uri? page = first;
        for (var read = 0; page is not null;)
        {
            if (read == MaxPages)
            {
                throw Incomplete(provider, $"more than {MaxPages} pages");
            }

            var (status, body, retryAfter, failure) = await GetAsync(client, page, provider, key, cancellationToken);
            if (failure is not null)
            {
                throw Incomplete(provider, failure);
            }

            var detail = FormattableString.Invariant($"HTTP {status}");
            if (ProviderHttp.IsTransientStatus((System.Net.HttpStatusCode)status))
            {
                if (!await budget.TryWaitAsync(retryAfter, cancellationToken))
                {
                    throw Incomplete(provider, $"{detail}; {budget.Describe()}");
                }

                continue;
            }

            if (status is < 200 or >= 300)
            {
                throw Incomplete(provider, detail);
            }

            var parsed = WebhookInventoryPage.TryParse(body, out var problem) ?? throw Incomplete(provider, problem!);
            found.AddRange(parsed.Credentials);
            page = Next(provider, first, parsed.Next);
            read++;
        }

        return found;
    }

    private async Task<(int Status, string Body, TimeSpan? RetryAfter, string? Failure)> GetAsync(
        HttpClient client, Uri page, ProviderPolicy provider, string key, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(key, timestamp, []));
        return await ProviderHttp.ExchangeAsync(client, request, provider, time,
            async (response, ct) => ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct),
                RetryAfterParser.FromHeaders(response.Headers, time.GetUtcNow()), (string?)null),
            outcome => (0, string.Empty, (TimeSpan?)null, (string?)outcome.Detail), cancellationToken);
    }

    private static Uri? Next(ProviderPolicy provider, Uri first, string? next)
    {
        if (string.IsNullOrEmpty(next))
        {
            return null;
        }

        return Uri.TryCreate(first, next, out var uri)
            && Uri.Compare(uri, first, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? uri
            : throw Incomplete(provider, "next points to another host: not followed");
    }

    private static InventoryIncompleteException Incomplete(ProviderPolicy provider, string reason) => new(provider.Name, reason);
}
