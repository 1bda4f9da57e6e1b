using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;

namespace Revocation.Providers.GitHub;

/// <summary>
/// <c>pat:{id}</c>: <c>POST /orgs/{org}/personal-access-tokens/{id}</c> <c>{"action":"revoke"}</c> as the GitHub
/// App installation. That removes the PAT's access to the organization only, so success is
/// <see cref="RevocationOutcome.AccessRemoved"/>. A 404 or 422 is <c>AlreadyGone</c> only when the org's PAT
/// listing, read with the same token, succeeds and does not list the id (docs/providers.md).
/// </summary>
internal sealed class GitHubPatRevocation(GitHubApi api, GitHubAppTokens appTokens)
{
    /// <summary>Listing pages read at most (100 tokens each): 20. A longer listing cannot prove the id absent.</summary>
    public const int MaxPages = 20;

    public async Task<RevocationOutcome> RevokeAsync(ProviderPolicy policy, long patId, CancellationToken cancellationToken)
    {
        var org = policy.Organization!;
        var (appToken, failure) = await appTokens.GetAsync(policy, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        var auth = new AuthenticationHeaderValue("Bearer", appToken);
        var revoke = await api.SendAsync(policy, HttpMethod.Post, FormattableString.Invariant($"orgs/{org}/personal-access-tokens/{patId}"),
            new JsonObject { ["action"] = "revoke" }, auth, cancellationToken);
        var revoked = revoke.Detail(appToken);
        if (revoke.Interim is not null)
        {
            return revoke.Interim;
        }

        if (revoke.IsSuccess)
        {
            return RevocationOutcome.AccessRemoved($"{revoked}: access to org '{org}' removed; the PAT itself is not revoked");
        }

        if (revoke.Status == HttpStatusCode.Unauthorized)
        {
            appTokens.Forget(policy);
            return RevocationOutcome.Failed($"provider misconfigured: installation token rejected: {revoked}");
        }

        return revoke.Status is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity
            ? await ReadBackAsync(policy, org, patId, revoked, auth, appToken, cancellationToken)
            : RevocationOutcome.Failed(revoked);
    }

    private async Task<RevocationOutcome> ReadBackAsync(
        ProviderPolicy policy, string org, long patId, string revoked, AuthenticationHeaderValue auth, string appToken, CancellationToken cancellationToken)
    {
        Uri? page = GitHubApi.Address(policy, $"orgs/{org}/personal-access-tokens?per_page=100");
        for (var read = 0; page is not null; read++)
        {
            if (read == MaxPages)
            {
                return RevocationOutcome.Failed($"{revoked}; listing has more than {MaxPages} pages: cannot prove the PAT gone");
            }

            var listing = await api.SendAsync(policy, HttpMethod.Get, page, null, auth, cancellationToken);
            if (listing.Interim is { } wait)
            {
                return RevocationOutcome.RetryLater($"{revoked}; listing: {wait.Detail}", wait.RetryAfter);
            }

            if (!listing.IsSuccess || listing.Json() is not JsonArray tokens)
            {
                return RevocationOutcome.Failed($"provider misconfigured: {revoked}; listing org '{org}' PATs: {listing.Detail(appToken)}");
            }

            if (tokens.Any(t => Id(t) == patId))
            {
                return RevocationOutcome.Failed($"{revoked}; the PAT is still listed with access to org '{org}'");
            }

            if (listing.NextOffHost)
            {
                // The rest of the list is on another host we do not follow: what was read proves nothing.
                return RevocationOutcome.Failed($"{revoked}; listing's next page is on another host: cannot prove the PAT gone");
            }

            page = listing.Next;
        }

        return RevocationOutcome.AlreadyGone($"{revoked}; PAT not listed for org '{org}'");
    }

    private static long? Id(JsonNode? token) =>
        (token as JsonObject)?["id"] is JsonValue value && value.TryGetValue<long>(out var id) ? id
        : (token as JsonObject)?["id"] is JsonValue text && text.TryGetValue<string>(out var s)
            && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}
