using Microsoft.Extensions.Logging;
using Revocation.Core.Revocation;

namespace Revocation.Providers;

/// <summary>What every adapter does around its call: guard the request and log the mapped answer once.</summary>
public abstract class RevocationProviderBase(ILogger logger) : IRevocationProvider
{
    public abstract string Kind { get; }

    public async Task<RevocationOutcome> RevokeAsync(ProviderRevocation request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = await RevokeCoreAsync(request, cancellationToken);
        ProvidersLog.Answered(logger, request.Provider.Name, Kind, request.TokenId, outcome.Kind, outcome.Detail);
        return outcome;
    }

    /// <summary>Calls the provider and maps its answer; never throws for an answer the provider gave.</summary>
    protected abstract Task<RevocationOutcome> RevokeCoreAsync(ProviderRevocation request, CancellationToken cancellationToken);
}
