using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;
using Revocation.Core.Secrets;
using Revocation.Providers.Http;

namespace Revocation.Providers.GitHub;

/// <summary>
/// GitHub (<c>kind: github</c>). Handles: <c>installation-token</c>, <c>oauth-token</c>, <c>pat:{id}</c>;
/// what each needs and the outcome mapping: docs/providers.md.
/// </summary>
public sealed class GitHubRevocationProvider(
    IHttpClientFactory httpClientFactory,
    ISecretStore secrets,
    TimeProvider time,
    ILogger<GitHubRevocationProvider> logger) : RevocationProviderBase(logger)
{
    public const string KindName = "github";

    /// <summary>Default base address: the public GitHub REST API.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.github.com");

    public override string Kind => KindName;

    protected override async Task<RevocationOutcome> RevokeCoreAsync(ProviderRevocation request, CancellationToken cancellationToken)
    {
        var policy = request.Provider;
        var handle = request.Credential.Handle ?? string.Empty;
        if (handle == "installation-token")
        {
            var token = await ReadSecretAsync(request.Credential.SecretRef, "secretRef", cancellationToken);
            return token.Failure ?? await SendAsync(policy, HttpMethod.Delete, "installation/token", null,
                new AuthenticationHeaderValue("Bearer", token.Value), [HttpStatusCode.Unauthorized], [], [token.Value], cancellationToken);
        }

        if (handle == "oauth-token")
        {
            if (string.IsNullOrEmpty(policy.ClientId))
            {
                return RevocationOutcome.Failed("no clientId in the provider policy");
            }

            var token = await ReadSecretAsync(request.Credential.SecretRef, "secretRef", cancellationToken);
            var clientSecret = await ReadSecretAsync(policy.ClientSecretRef, "clientSecretRef", cancellationToken);
            if ((token.Failure ?? clientSecret.Failure) is { } failure)
            {
                return failure;
            }

            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{policy.ClientId}:{clientSecret.Value}"));
            return await SendAsync(policy, HttpMethod.Delete, $"applications/{Uri.EscapeDataString(policy.ClientId)}/token",
                new JsonObject { ["access_token"] = token.Value }, new AuthenticationHeaderValue("Basic", basic),
                [HttpStatusCode.NotFound, HttpStatusCode.UnprocessableEntity], [], [token.Value, clientSecret.Value], cancellationToken);
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

            var appToken = await ReadSecretAsync(policy.AppTokenRef, "appTokenRef", cancellationToken);
            return appToken.Failure ?? await SendAsync(policy, HttpMethod.Post,
                FormattableString.Invariant($"orgs/{policy.Organization}/personal-access-tokens/{patId}"),
                new JsonObject { ["action"] = "revoke" }, new AuthenticationHeaderValue("Bearer", appToken.Value),
                [HttpStatusCode.NotFound], [HttpStatusCode.UnprocessableEntity], [appToken.Value], cancellationToken);
        }

        return RevocationOutcome.Failed("malformed github handle: expected installation-token, oauth-token or pat:{id}");
    }

    private async Task<RevocationOutcome> SendAsync(
        ProviderPolicy policy, HttpMethod method, string path, JsonNode? body, AuthenticationHeaderValue authorization,
        HttpStatusCode[] gone, HttpStatusCode[] failed, string[] secrets, CancellationToken cancellationToken)
    {
        var baseAddress = policy.BaseAddress ?? DefaultBaseAddress;
        using var request = new HttpRequestMessage(method, baseAddress.AbsoluteUri.TrimEnd('/') + "/" + path);
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
                var status = response.StatusCode;
                var detail = $"HTTP {(int)status} {DetailText.Clean(GitHubMessage(await ProviderHttp.ReadBodyAsync(response, ct)), 120, secrets)}".TrimEnd();
                return response.IsSuccessStatusCode ? RevocationOutcome.Revoked(detail)
                    : gone.Contains(status) ? RevocationOutcome.AlreadyGone(detail)
                    : failed.Contains(status) ? RevocationOutcome.Failed(detail)
                    : GitHubRateLimit.Check(response, time.GetUtcNow()) ?? ProviderHttp.TransientOutcome(response, time.GetUtcNow())
                        ?? RevocationOutcome.Failed(detail);
            },
            cancellationToken);
    }

    private static string? GitHubMessage(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["message"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
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
