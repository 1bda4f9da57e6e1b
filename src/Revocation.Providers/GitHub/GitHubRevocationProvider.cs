using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Revocation.Core.Revocation;
using Revocation.Core.Secrets;

namespace Revocation.Providers.GitHub;

/// <summary>
/// GitHub (<c>kind: github</c>). Handles: <c>installation-token</c>, <c>oauth-token</c>, <c>pat:{id}</c>;
/// what each needs and the outcome mapping: docs/providers.md. An answer that could also mean a misconfigured
/// provider (GitHub's 404) is never taken for "already gone" without a read-back that proves it.
/// </summary>
public sealed class GitHubRevocationProvider : RevocationProviderBase
{
    public const string KindName = "github";

    /// <summary>Default base address: the public GitHub REST API.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.github.com");

    private readonly GitHubApi api;
    private readonly ISecretStore secrets;
    private readonly GitHubOAuthTokenRevocation oauthTokens;
    private readonly GitHubPatRevocation pats;

    public GitHubRevocationProvider(
        IHttpClientFactory httpClientFactory, ISecretStore secrets, TimeProvider time, ILogger<GitHubRevocationProvider> logger)
        : base(logger)
    {
        api = new GitHubApi(httpClientFactory, time);
        this.secrets = secrets;
        oauthTokens = new GitHubOAuthTokenRevocation(api);
        pats = new GitHubPatRevocation(api, new GitHubAppTokens(api, secrets));
    }

    public override string Kind => KindName;

    protected override async Task<RevocationOutcome> RevokeCoreAsync(ProviderRevocation request, CancellationToken cancellationToken)
    {
        var policy = request.Provider;
        var handle = request.Credential.Handle ?? string.Empty;
        if (handle == "installation-token")
        {
            var token = await ReadSecretAsync(request.Credential.SecretRef, "secretRef", cancellationToken);
            if (token.Failure is not null)
            {
                return token.Failure;
            }

            // Authenticated with the token itself: a 401 can only mean this token is no longer valid.
            var reply = await api.SendAsync(policy, HttpMethod.Delete, "installation/token", null,
                new AuthenticationHeaderValue("Bearer", token.Value), cancellationToken);
            var detail = reply.Detail(token.Value);
            return reply.Interim
                ?? (reply.IsSuccess ? RevocationOutcome.Revoked(detail)
                    : reply.Status == HttpStatusCode.Unauthorized ? RevocationOutcome.AlreadyGone(detail)
                    : RevocationOutcome.Failed(detail));
        }

        if (handle == "oauth-token")
        {
            if (string.IsNullOrEmpty(policy.ClientId))
            {
                return RevocationOutcome.Failed("no clientId in the provider policy");
            }

            var token = await ReadSecretAsync(request.Credential.SecretRef, "secretRef", cancellationToken);
            var clientSecret = await ReadSecretAsync(policy.ClientSecretRef, "clientSecretRef", cancellationToken);
            return token.Failure ?? clientSecret.Failure
                ?? await oauthTokens.RevokeAsync(policy, clientSecret.Value, token.Value, cancellationToken);
        }

        if (handle.StartsWith("pat:", StringComparison.Ordinal))
        {
            if (!long.TryParse(handle.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var patId))
            {
                return RevocationOutcome.Failed("malformed github handle: pat:{id} needs a numeric id");
            }

            if (string.IsNullOrEmpty(policy.Organization) || !policy.Organization.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return RevocationOutcome.Failed("no valid organization in the provider policy");
            }

            return await pats.RevokeAsync(policy, patId, cancellationToken);
        }

        return RevocationOutcome.Failed("malformed github handle: expected installation-token, oauth-token or pat:{id}");
    }

    private async Task<(string Value, RevocationOutcome? Failure)> ReadSecretAsync(string? reference, string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return (string.Empty, RevocationOutcome.Failed($"no {name}"));
        }

        var value = await secrets.TryGetAsync(reference, cancellationToken);
        return value is null ? (string.Empty, RevocationOutcome.Failed($"{name}: secret not found in store")) : (value, null);
    }
}
