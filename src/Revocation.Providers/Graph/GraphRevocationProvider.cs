using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Revocation.Core.Revocation;
using Revocation.Providers.Http;

namespace Revocation.Providers.Graph;

/// <summary>
/// Entra ID application and service principal credentials through Microsoft Graph (<c>kind: graph</c>).
/// Handle formats and the outcome mapping: docs/providers.md. Authenticates with the keyed
/// <see cref="TokenCredential"/> registered under <see cref="CredentialKey"/> (managed identity in Azure).
/// </summary>
public sealed class GraphRevocationProvider(
    IHttpClientFactory httpClientFactory,
    [FromKeyedServices(GraphRevocationProvider.CredentialKey)] TokenCredential credential,
    TimeProvider time,
    ILogger<GraphRevocationProvider> logger) : RevocationProviderBase(logger)
{
    public const string KindName = "graph";

    /// <summary>DI key of the Graph <see cref="TokenCredential"/>.</summary>
    public const string CredentialKey = "Revocation.Providers.graph";

    /// <summary>Default base address: the public cloud's Graph endpoint.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://graph.microsoft.com");

    public override string Kind => KindName;

    /// <summary>The token scope for a Graph base address: <c>{scheme}://{host}/.default</c> (sovereign clouds too).</summary>
    public static string ScopeFor(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        return $"{baseAddress.Scheme}://{baseAddress.Host}/.default";
    }

    protected override async Task<RevocationOutcome> RevokeCoreAsync(ProviderRevocation request, CancellationToken cancellationToken)
    {
        if (!GraphCredentialHandle.TryParse(request.Credential.Handle, out var handle) || handle is null)
        {
            return RevocationOutcome.Failed("malformed graph handle: expected applications|servicePrincipals/{objectId}/passwordCredentials|keyCredentials|federatedIdentityCredentials/{id}");
        }

        var baseAddress = request.Provider.BaseAddress ?? DefaultBaseAddress;
        string bearer;
        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([ScopeFor(baseAddress)]), cancellationToken);
            bearer = token.Token;
        }
        catch (CredentialUnavailableException)
        {
            ProvidersLog.GraphTokenFailed(logger, request.Provider.Name, nameof(CredentialUnavailableException));
            return RevocationOutcome.Failed("graph credential unavailable: configure the Graph section (managed identity)");
        }
        catch (AuthenticationFailedException)
        {
            // The identity endpoint or Entra itself failed: usually passing (IMDS restarts, throttling).
            ProvidersLog.GraphTokenFailed(logger, request.Provider.Name, nameof(AuthenticationFailedException));
            return RevocationOutcome.RetryLater("graph token acquisition failed");
        }

        var call = new GraphCall(httpClientFactory.CreateClient(ProviderHttpClientNames.Graph), baseAddress, bearer, request.Provider, time);
        return handle.CredentialType switch
        {
            GraphCredentialHandle.Password => await RemovePasswordAsync(call, handle, cancellationToken),
            GraphCredentialHandle.Key => await GraphKeyCredentialRemoval.RunAsync(call, handle, cancellationToken),
            _ => await call.SendAsync(HttpMethod.Delete,
                $"{handle.ObjectPath}/federatedIdentityCredentials/{Uri.EscapeDataString(handle.CredentialId)}", null,
                (response, body) => MapDelete(call, response, body), cancellationToken),
        };
    }

    private static async Task<RevocationOutcome> RemovePasswordAsync(GraphCall call, GraphCredentialHandle handle, CancellationToken cancellationToken)
    {
        string? ambiguous = null;
        var outcome = await call.SendAsync(HttpMethod.Post, $"{handle.ObjectPath}/removePassword",
            new JsonObject { ["keyId"] = handle.CredentialId },
            (response, body) =>
            {
                if (response.IsSuccessStatusCode)
                {
                    return RevocationOutcome.Revoked($"HTTP {(int)response.StatusCode}");
                }

                var detail = call.Describe(response, body);
                if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
                {
                    ambiguous = detail;
                }

                return ProviderHttp.TransientOutcome(response, call.Now) ?? RevocationOutcome.Failed(detail);
            },
            cancellationToken);
        if (ambiguous is null)
        {
            return outcome;
        }

        // Graph does not document its answer for an unknown keyId: read the credentials back.
        return await call.SendAsync(HttpMethod.Get, $"{handle.ObjectPath}?$select=passwordCredentials", null,
            (response, body) =>
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return RevocationOutcome.AlreadyGone($"{ambiguous}; {handle.Collection} object not found");
                }

                if (!response.IsSuccessStatusCode)
                {
                    return ProviderHttp.TransientOutcome(response, call.Now, "on read-back")
                        ?? RevocationOutcome.Failed($"{ambiguous}; read-back {call.Describe(response, body)}");
                }

                return GraphJson.Credentials(body, GraphCredentialHandle.Password) switch
                {
                    null => RevocationOutcome.Failed($"{ambiguous}; read-back unreadable"),
                    var list when GraphJson.ContainsKeyId(list, handle.CredentialId) => RevocationOutcome.Failed($"{ambiguous}; keyId still listed"),
                    _ => RevocationOutcome.AlreadyGone($"{ambiguous}; keyId no longer listed"),
                };
            },
            cancellationToken);
    }

    private static RevocationOutcome MapDelete(GraphCall call, HttpResponseMessage response, string body) =>
        response.IsSuccessStatusCode ? RevocationOutcome.Revoked($"HTTP {(int)response.StatusCode}")
        : response.StatusCode == HttpStatusCode.NotFound ? RevocationOutcome.AlreadyGone(call.Describe(response, body))
        : ProviderHttp.TransientOutcome(response, call.Now) ?? RevocationOutcome.Failed(call.Describe(response, body));
}
