using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Revocation.Core.Discovery;
using Revocation.Core.Policy;
using Revocation.Core.Secrets;
using Revocation.Providers.Listing;

namespace Revocation.Providers.GitHub;

/// <summary>
/// Lists the organization's fine-grained PATs (<c>GET /orgs/{org}/personal-access-tokens</c>, 100 a page, Link
/// rel="next" on the same host) as the GitHub App installation, the token minted like
/// <see cref="GitHubRevocationProvider"/>'s. Rate limits are waited out within a <see cref="ListingWaitBudget"/>;
/// anything else that stops the read throws <see cref="InventoryIncompleteException"/> (docs/providers.md).
/// </summary>
public sealed class GitHubCredentialInventory : ICredentialInventory
{
    /// <summary>Pages read at most: 1,000 (100,000 tokens); past that, incomplete.</summary>
    public const int MaxPages = 1_000;

    private const string Permission = "the GitHub App needs the organization permission \"Personal access tokens\" (read) and an installation on the organization";

    private readonly GitHubApi api;
    private readonly GitHubAppTokens appTokens;
    private readonly TimeProvider time;

    public GitHubCredentialInventory(IHttpClientFactory httpClientFactory, ISecretStore secrets, TimeProvider time)
    {
        api = new GitHubApi(httpClientFactory, time);
        appTokens = new GitHubAppTokens(api, secrets);
        this.time = time;
    }

    public string Kind => GitHubRevocationProvider.KindName;

    public async Task<IReadOnlyList<DiscoveredCredential>> ListAsync(ProviderPolicy provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var org = provider.Organization;
        if (string.IsNullOrEmpty(org))
        {
            throw Incomplete(provider, "provider misconfigured: listing needs organization, appId, appPrivateKeyRef and installationId");
        }

        var (token, failure) = await appTokens.GetAsync(provider, cancellationToken);
        if (failure is not null)
        {
            throw Incomplete(provider, failure.Detail);
        }

        var auth = new AuthenticationHeaderValue("Bearer", token);
        var budget = new ListingWaitBudget(time);
        var found = new List<DiscoveredCredential>();
        Uri? page = GitHubApi.Address(provider, $"orgs/{Uri.EscapeDataString(org)}/personal-access-tokens?per_page=100");
        for (var read = 0; page is not null;)
        {
            if (read == MaxPages)
            {
                throw Incomplete(provider, $"more than {MaxPages} pages");
            }

            var reply = await api.SendAsync(provider, HttpMethod.Get, page, null, auth, cancellationToken);
            if (reply.Interim is { } wait)
            {
                if (reply.IsTransportFailure || !await budget.TryWaitAsync(wait.RetryAfter, cancellationToken))
                {
                    throw Incomplete(provider, reply.IsTransportFailure ? wait.Detail : $"{wait.Detail}; {budget.Describe()}");
                }

                continue;
            }

            if (reply.Status == HttpStatusCode.Unauthorized)
            {
                appTokens.Forget(provider);
            }

            if (!reply.IsSuccess)
            {
                var detail = reply.Detail(token);
                throw Incomplete(provider, reply.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                    ? $"{detail}: {Permission} '{org}'" : detail);
            }

            if (reply.Json() is not JsonArray tokens)
            {
                throw Incomplete(provider, "page is not a JSON array");
            }

            if (reply.NextOffHost)
            {
                throw Incomplete(provider, "Link rel=\"next\" points to another host: not followed");
            }

            // An entry without a readable id would make a known PAT look gone: the page is not trusted.
            found.AddRange(tokens.Select(t => Map(t, org) ?? throw Incomplete(provider, "a listed token without a readable id")));
            page = reply.Next;
            read++;
        }

        return found;
    }

    private static DiscoveredCredential? Map(JsonNode? node, string org) =>
        node is JsonObject pat && pat["id"] is JsonValue id && id.TryGetValue<long>(out var patId)
            ? new DiscoveredCredential
            {
                Handle = FormattableString.Invariant($"pat:{patId}"),
                CredentialKind = "pat",
                DisplayName = Text(pat, "token_name"),
                Container = org,
                Owner = (pat["owner"] as JsonObject) is { } owner ? Text(owner, "login") : null,
                CreatedAt = Date(pat, "access_granted_at"),
                ExpiresAt = Date(pat, "token_expires_at"),
                LastUsedAt = Date(pat, "token_last_used_at"),
            }
            : null;

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static DateTimeOffset? Date(JsonObject obj, string name) =>
        DateTimeOffset.TryParse(Text(obj, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    private static InventoryIncompleteException Incomplete(ProviderPolicy provider, string reason) => new(provider.Name, reason);
}
