using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Revocation.Core.Revocation;
using Revocation.Core.Secrets;
using Revocation.Providers.Http;

namespace Revocation.Providers.Webhook;

/// <summary>
/// A signed JSON revocation request to a configured URL (<c>kind: webhook</c>) for providers without an
/// adapter. The body carries references only, never a token value; see <see cref="WebhookSignature"/>.
/// </summary>
public sealed class WebhookRevocationProvider(
    IHttpClientFactory httpClientFactory,
    ISecretStore secrets,
    TimeProvider time,
    ILogger<WebhookRevocationProvider> logger) : RevocationProviderBase(logger)
{
    public const string KindName = "webhook";

    public override string Kind => KindName;

    protected override async Task<RevocationOutcome> RevokeCoreAsync(ProviderRevocation request, CancellationToken cancellationToken)
    {
        var policy = request.Provider;
        if (policy.Url is null)
        {
            return RevocationOutcome.Failed("no url in the provider policy");
        }

        if (string.IsNullOrEmpty(policy.SigningSecretRef))
        {
            return RevocationOutcome.Failed("no signingSecretRef in the provider policy");
        }

        var key = await secrets.TryGetAsync(policy.SigningSecretRef, cancellationToken);
        if (string.IsNullOrEmpty(key))
        {
            return RevocationOutcome.Failed("signing secret not found in store");
        }

        var now = time.GetUtcNow();
        var body = Serialize(request, now);
        var timestamp = now.ToUnixTimeSeconds();

        using var message = new HttpRequestMessage(HttpMethod.Post, policy.Url);
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        message.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        message.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(key, timestamp, body));

        return await ProviderHttp.ExchangeAsync(httpClientFactory.CreateClient(ProviderHttpClientNames.Webhook), message, policy, time,
            (response, _) => Task.FromResult(Map(response)), cancellationToken);
    }

    private RevocationOutcome Map(HttpResponseMessage response)
    {
        var detail = $"HTTP {(int)response.StatusCode}";
        return response.IsSuccessStatusCode ? RevocationOutcome.Revoked(detail)
            : response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone ? RevocationOutcome.AlreadyGone(detail)
            : ProviderHttp.TransientOutcome(response, time.GetUtcNow()) ?? RevocationOutcome.Failed(detail);
    }

    internal static byte[] Serialize(ProviderRevocation request, DateTimeOffset requestedAt)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("tokenId", request.TokenId);
            writer.WriteString("handle", request.Credential.Handle);
            writer.WriteString("secretRef", request.Credential.SecretRef);
            writer.WriteString("reason", request.Reason);
            writer.WriteString("requestedAt", requestedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
