using System.Net;
using System.Text.Json.Nodes;
using Revocation.Core.Revocation;
using Revocation.Providers.Http;

namespace Revocation.Providers.Graph;

/// <summary>
/// Removes a certificate from an application: <c>removeKey</c> needs a proof signed by one of the app's own
/// keys, which a revoker does not hold, so read <c>keyCredentials</c> and PATCH the list without the target.
/// Graph offers no ETag on applications: a key added between the GET and the PATCH would be dropped, a race
/// accepted here because revocations of one app's certificates are rare and serialized by the pipeline.
/// </summary>
internal static class GraphKeyCredentialRemoval
{
    public static async Task<RevocationOutcome> RunAsync(GraphCall call, GraphCredentialHandle handle, CancellationToken cancellationToken)
    {
        JsonArray? remaining = null;
        var read = await call.SendAsync(HttpMethod.Get, $"{handle.ObjectPath}?$select=keyCredentials", null,
            (response, body) =>
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return RevocationOutcome.AlreadyGone("application not found");
                }

                if (!response.IsSuccessStatusCode)
                {
                    return ProviderHttp.TransientOutcome(response, call.Now, "on read")
                        ?? RevocationOutcome.Failed("read keyCredentials: " + call.Describe(response, body));
                }

                var list = GraphJson.Credentials(body, GraphCredentialHandle.Key);
                if (list is null)
                {
                    return RevocationOutcome.Failed("read keyCredentials: unreadable answer");
                }

                if (!GraphJson.ContainsKeyId(list, handle.CredentialId))
                {
                    return RevocationOutcome.AlreadyGone("keyId no longer listed");
                }

                remaining = [.. list.Where(c => !GraphJson.IsKeyId(c, handle.CredentialId)).Select(c => c?.DeepClone())];
                return RevocationOutcome.Revoked("pending");
            },
            cancellationToken);
        if (remaining is null)
        {
            return read;
        }

        return await call.SendAsync(HttpMethod.Patch, handle.ObjectPath, new JsonObject { ["keyCredentials"] = remaining },
            (response, body) =>
                response.IsSuccessStatusCode ? RevocationOutcome.Revoked($"HTTP {(int)response.StatusCode} keyCredentials updated")
                : response.StatusCode == HttpStatusCode.NotFound ? RevocationOutcome.AlreadyGone("application not found")
                : ProviderHttp.TransientOutcome(response, call.Now)
                    ?? RevocationOutcome.Failed("update keyCredentials: " + call.Describe(response, body)),
            cancellationToken);
    }
}
