using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;
using Revocation.Core.Secrets;

namespace Revocation.Providers.GitHub;

/// <summary>
/// Installation access tokens for the org calls, minted from the GitHub App's private key: a JWT
/// (<see cref="GitHubAppJwt"/>), then <c>POST /app/installations/{installationId}/access_tokens</c>. A token is
/// kept in memory, per base address, App and installation, until <see cref="RefreshMargin"/> before its
/// <c>expires_at</c>. Two callers racing on an expired entry may both mint; both tokens are valid.
/// </summary>
internal sealed class GitHubAppTokens(GitHubApi api, ISecretStore secrets)
{
    /// <summary>A cached token is replaced this long before GitHub's <c>expires_at</c>: 5 min.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RefreshAt)> cache = new(StringComparer.Ordinal);

    /// <summary>The installation token, or the outcome that says why there is none (never with a secret in it).</summary>
    public async Task<(string Token, RevocationOutcome? Failure)> GetAsync(ProviderPolicy policy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(policy.AppId) || policy.InstallationId is not > 0 || string.IsNullOrEmpty(policy.AppPrivateKeyRef))
        {
            return (string.Empty, RevocationOutcome.Failed("provider misconfigured: pat:{id} needs appId, appPrivateKeyRef and installationId"));
        }

        var key = Key(policy);
        var now = api.Time.GetUtcNow();
        if (cache.TryGetValue(key, out var cached) && now < cached.RefreshAt)
        {
            return (cached.Token, null);
        }

        var pem = await secrets.TryGetAsync(policy.AppPrivateKeyRef, cancellationToken);
        if (string.IsNullOrEmpty(pem))
        {
            return (string.Empty, RevocationOutcome.Failed("appPrivateKeyRef: secret not found in store"));
        }

        var jwt = GitHubAppJwt.TryCreate(policy.AppId, pem, now);
        if (jwt is null)
        {
            return (string.Empty, RevocationOutcome.Failed("appPrivateKeyRef: not a readable RSA private key (PEM)"));
        }

        var path = FormattableString.Invariant($"app/installations/{policy.InstallationId}/access_tokens");
        var reply = await api.SendAsync(policy, HttpMethod.Post, path, null, new AuthenticationHeaderValue("Bearer", jwt), cancellationToken);
        if (reply.Interim is { } interim)
        {
            return (string.Empty, RevocationOutcome.RetryLater("installation token mint: " + interim.Detail, interim.RetryAfter));
        }

        var json = reply.IsSuccess ? reply.Json() : null;
        var token = Text(json, "token");
        if (!reply.IsSuccess || string.IsNullOrEmpty(token))
        {
            var why = reply.Status switch
            {
                HttpStatusCode.Unauthorized => "provider misconfigured (appId or appPrivateKeyRef rejected): ",
                HttpStatusCode.NotFound => "provider misconfigured (unknown installationId?): ",
                _ => string.Empty,
            };
            return (string.Empty, RevocationOutcome.Failed($"{why}installation token mint failed: {reply.Detail(jwt, token)}"));
        }

        // Without a readable expires_at the token is used for this call only.
        var refreshAt = DateTimeOffset.TryParse(Text(json, "expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires)
            ? expires - RefreshMargin : now;
        cache[key] = (token, refreshAt);
        return (token, null);
    }

    /// <summary>Drops the cached token (GitHub answered 401 to it).</summary>
    public void Forget(ProviderPolicy policy) => cache.TryRemove(Key(policy), out _);

    private static string Key(ProviderPolicy policy) =>
        string.Join('|', policy.BaseAddress?.AbsoluteUri ?? string.Empty, policy.AppId, policy.InstallationId?.ToString(CultureInfo.InvariantCulture));

    private static string? Text(System.Text.Json.Nodes.JsonNode? json, string name) =>
        (json as System.Text.Json.Nodes.JsonObject)?[name] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
