using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;

namespace Revocation.Providers.GitHub;

/// <summary>
/// <c>oauth-token</c>: <c>DELETE /applications/{clientId}/token</c>. GitHub answers 404 both for a token it does not
/// know and for client credentials it does not accept, so a 404 or 422 is <c>AlreadyGone</c> only with proof:
/// "check a token" (<c>POST /applications/{clientId}/token</c>) answers 404, and the same client credentials are
/// proven good by <c>GET /rate_limit</c> answering 200 with more than the anonymous limit. Anything short of that
/// is <c>Failed</c> (docs/providers.md).
/// </summary>
internal sealed class GitHubOAuthTokenRevocation(GitHubApi api)
{
    /// <summary>GitHub's primary rate limit for unauthenticated requests: a higher one means the client was identified.</summary>
    public const int AnonymousRateLimit = 60;

    public async Task<RevocationOutcome> RevokeAsync(ProviderPolicy policy, string clientSecret, string token, CancellationToken cancellationToken)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{policy.ClientId}:{clientSecret}"));
        var auth = new AuthenticationHeaderValue("Basic", basic);
        string[] secrets = [token, clientSecret, basic];
        var path = $"applications/{Uri.EscapeDataString(policy.ClientId!)}/token";

        var delete = await api.SendAsync(policy, HttpMethod.Delete, path, Body(token), auth, cancellationToken);
        var deleted = delete.Detail(secrets);
        if (delete.Interim is not null || delete.IsSuccess)
        {
            return delete.Interim ?? RevocationOutcome.Revoked(deleted);
        }

        if (delete.Status is not (HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity))
        {
            return RevocationOutcome.Failed(deleted);
        }

        var check = await api.SendAsync(policy, HttpMethod.Post, path, Body(token), auth, cancellationToken);
        if (check.Interim is { } checkWait)
        {
            return RevocationOutcome.RetryLater($"{deleted}; check a token: {checkWait.Detail}", checkWait.RetryAfter);
        }

        if (check.IsSuccess)
        {
            return RevocationOutcome.Failed($"{deleted}; check a token: {check.Detail(secrets)}, the token is still valid");
        }

        if (check.Status != HttpStatusCode.NotFound)
        {
            return RevocationOutcome.Failed($"provider may be misconfigured: {deleted}; check a token: {check.Detail(secrets)}");
        }

        var limits = await api.SendAsync(policy, HttpMethod.Get, "rate_limit", null, auth, cancellationToken);
        if (limits.Interim is { } limitsWait)
        {
            return RevocationOutcome.RetryLater($"{deleted}; rate_limit (credentials proof): {limitsWait.Detail}", limitsWait.RetryAfter);
        }

        return limits.IsSuccess && RateLimit(limits.Json()) > AnonymousRateLimit
            ? RevocationOutcome.AlreadyGone($"{deleted}; check a token: HTTP 404 with client credentials proven valid")
            : RevocationOutcome.Failed(
                $"provider may be misconfigured: {deleted}; client credentials not proven valid (rate_limit: {limits.Detail(secrets)})");
    }

    private static JsonObject Body(string token) => new() { ["access_token"] = token };

    private static long RateLimit(JsonNode? json) =>
        (json as JsonObject)?["rate"] is JsonObject rate && rate["limit"] is JsonValue value && value.TryGetValue<long>(out var limit) ? limit : 0;
}
