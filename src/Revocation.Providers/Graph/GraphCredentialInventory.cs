using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Core.Discovery;
using Revocation.Core.Policy;
using Revocation.Providers.Listing;

namespace Revocation.Providers.Graph;

/// <summary>
/// Lists Entra ID application credentials (password, key, federated) and service principal passwords through
/// Microsoft Graph v1.0, with each application's owners, as the app's identity (the same keyed
/// <see cref="TokenCredential"/> as <see cref="GraphRevocationProvider"/>). Calls, permissions and request counts:
/// docs/providers.md, "Listing (reconciliation)".
/// </summary>
public sealed class GraphCredentialInventory(
    IHttpClientFactory httpClientFactory,
    [FromKeyedServices(GraphRevocationProvider.CredentialKey)] TokenCredential credential,
    TimeProvider time) : ICredentialInventory
{
    /// <summary>Objects per page: 100 (pages carry expanded owners; Graph's own maximum is 999).</summary>
    public const int PageSize = 100;

    /// <summary>Applications whose federated credentials are read at once: 4 (Graph throttles per app and tenant; 429s are waited out).</summary>
    public const int FederatedReadConcurrency = 4;

    private const string ReadPermission = "Application.Read.All";

    public string Kind => GraphRevocationProvider.KindName;

    public async Task<IReadOnlyList<DiscoveredCredential>> ListAsync(ProviderPolicy provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var baseAddress = provider.BaseAddress ?? GraphRevocationProvider.DefaultBaseAddress;
        string bearer;
        try
        {
            bearer = (await credential.GetTokenAsync(new TokenRequestContext([GraphRevocationProvider.ScopeFor(baseAddress)]), cancellationToken)).Token;
        }
        catch (Exception ex) when (ex is CredentialUnavailableException or AuthenticationFailedException)
        {
            throw new InventoryIncompleteException(provider.Name, "graph token acquisition failed: " + ex.GetType().Name);
        }

        var pager = new GraphPager(httpClientFactory.CreateClient(ProviderHttpClientNames.Graph), baseAddress, bearer, provider, time, new ListingWaitBudget(time));
        try
        {
            return await ListAllAsync(pager, cancellationToken);
        }
        catch (FormatException ex)
        {
            throw new InventoryIncompleteException(provider.Name, ex.Message);
        }
    }

    private static async Task<IReadOnlyList<DiscoveredCredential>> ListAllAsync(GraphPager pager, CancellationToken cancellationToken)
    {
        var found = new List<DiscoveredCredential>();
        const string select = "$select=id,appId,displayName,passwordCredentials,keyCredentials&$expand=owners";
        var top = FormattableString.Invariant($"$top={PageSize}");
        var apps = await pager.ReadAllAsync($"applications?{select}&{top}", ReadPermission, cancellationToken);
        // One request per application: federated credentials are read from the application's own collection, a few
        // applications at a time (throttling is waited out within the listing's one shared budget).
        var federated = new IReadOnlyList<JsonObject>[apps.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, apps.Count),
            new ParallelOptions { MaxDegreeOfParallelism = FederatedReadConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var id = GraphInventoryMapper.Text(apps[i], "id");
                federated[i] = Guid.TryParseExact(id, "D", out _)
                    ? await pager.ReadAllAsync($"applications/{id}/{GraphCredentialHandle.Federated}?$select=name", ReadPermission, ct)
                    : [];
            });
        for (var i = 0; i < apps.Count; i++)
        {
            found.AddRange(GraphInventoryMapper.Map(GraphCredentialHandle.Applications, apps[i], federated[i]));
        }

        foreach (var principal in await pager.ReadAllAsync($"servicePrincipals?{select}&{top}", ReadPermission, cancellationToken))
        {
            found.AddRange(GraphInventoryMapper.Map(GraphCredentialHandle.ServicePrincipals, principal, []));
        }

        return found;
    }
}
