using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Revocation.Core.Revocation;
using Revocation.Core.Secrets;
using Revocation.Providers.Http;

namespace Revocation.Providers.OAuth2;

/// <summary>
/// RFC 7009 token revocation (<c>kind: oauth2</c>). The token value comes from the secret store through the
/// credential's <c>secretRef</c> and is used for this call only. Mapping: see docs/providers.md.
/// </summary>
public sealed class OAuth2RevocationProvider(
    IHttpClientFactory httpClientFactory,
    ISecretStore secrets,
    TimeProvider time,
    ILogger<OAuth2RevocationProvider> logger) : RevocationProviderBase(logger)
{
    public const string KindName = "oauth2";

    public override string Kind => KindName;

    protected override async Task<RevocationOutcome> RevokeCoreAsync(ProviderRevocation request, CancellationToken cancellationToken)
    {
        var policy = request.Provider;
        if (policy.RevocationEndpoint is null)
        {
            return RevocationOutcome.Failed("no revocationEndpoint in the provider policy");
        }

        if (string.IsNullOrEmpty(request.Credential.SecretRef))
        {
            return RevocationOutcome.Failed("no secretRef: RFC 7009 revocation needs the token value");
        }

        var token = await secrets.TryGetAsync(request.Credential.SecretRef, cancellationToken);
        if (token is null)
        {
            // Not AlreadyGone: the pipeline deletes a value only after the provider confirmed its revocation, so a
            // missing value means a wrong reference or an out-of-band deletion, and the token may still be live.
            return RevocationOutcome.Failed("secret not found in store");
        }

        string? clientSecret = null;
        if (!string.IsNullOrEmpty(policy.ClientSecretRef))
        {
            clientSecret = await secrets.TryGetAsync(policy.ClientSecretRef, cancellationToken);
            if (clientSecret is null)
            {
                return RevocationOutcome.Failed("client secret not found in store");
            }
        }

        var method = policy.ClientAuthMethod ?? "client_secret_basic";
        if (method is not ("client_secret_basic" or "client_secret_post"))
        {
            return RevocationOutcome.Failed("unsupported clientAuthMethod " + DetailText.Clean(method, 40));
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("token", token),
            new("token_type_hint", string.IsNullOrEmpty(policy.TokenTypeHint) ? "access_token" : policy.TokenTypeHint),
        };

        using var message = new HttpRequestMessage(HttpMethod.Post, policy.RevocationEndpoint);
        if (method == "client_secret_post" || clientSecret is null)
        {
            // A public client (no secret) identifies itself with client_id in the body (RFC 7009 §2.1).
            if (!string.IsNullOrEmpty(policy.ClientId))
            {
                form.Add(new("client_id", policy.ClientId));
            }

            if (clientSecret is not null)
            {
                form.Add(new("client_secret", clientSecret));
            }
        }
        else
        {
            message.Headers.Authorization = BasicAuthorization(policy.ClientId ?? string.Empty, clientSecret);
        }

        message.Content = new FormUrlEncodedContent(form);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var client = httpClientFactory.CreateClient(ProviderHttpClientNames.OAuth2);
        return await ProviderHttp.ExchangeAsync(client, message, policy, time,
            (response, ct) => MapAsync(response, token, clientSecret, ct), cancellationToken);
    }

    private async Task<RevocationOutcome> MapAsync(HttpResponseMessage response, string token, string? clientSecret, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var error = OAuthErrorBody.Parse(await ProviderHttp.ReadBodyAsync(response, cancellationToken));
        var code = DetailText.Clean(error.Error, 40, token, clientSecret);
        if (response.IsSuccessStatusCode)
        {
            // Keycloak answers 200 with an invalid_token body for a token it no longer knows.
            return code == "invalid_token"
                ? RevocationOutcome.AlreadyGone($"HTTP {status} invalid_token")
                : RevocationOutcome.Revoked($"HTTP {status}");
        }

        if (ProviderHttp.TransientOutcome(response, time.GetUtcNow(), code) is { } transient)
        {
            return transient;
        }

        if (response.StatusCode == HttpStatusCode.BadRequest && code == "invalid_token")
        {
            // Salesforce and Google answer 400 invalid_token for an unknown or already revoked token.
            return RevocationOutcome.AlreadyGone("HTTP 400 invalid_token");
        }

        var description = DetailText.Clean(error.Description, 120, token, clientSecret);
        var detail = $"HTTP {status} {code}".TrimEnd();
        return RevocationOutcome.Failed(description.Length == 0 ? detail : $"{detail}: {description}");
    }

    /// <summary>RFC 6749 §2.3.1: form-urlencode the id and secret, then base64 "id:secret".</summary>
    internal static AuthenticationHeaderValue BasicAuthorization(string clientId, string clientSecret)
    {
        var pair = WebUtility.UrlEncode(clientId) + ":" + WebUtility.UrlEncode(clientSecret);
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
    }
}
