using Revocation.Core.Discovery;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;

namespace Revocation.Pipeline.Tests;

/// <summary>A graph-kind listing the test edits between runs; <see cref="Incomplete"/> makes the next listing throw.</summary>
internal sealed class ScriptedInventory : ICredentialInventory
{
    public List<DiscoveredCredential> Credentials { get; } = [];

    public bool Incomplete { get; set; }

    public string Kind => "graph";

    public Task<IReadOnlyList<DiscoveredCredential>> ListAsync(ProviderPolicy provider, CancellationToken cancellationToken) =>
        Incomplete
            ? Task.FromException<IReadOnlyList<DiscoveredCredential>>(new InventoryIncompleteException(provider.Name, "scripted: 503 on page 2"))
            : Task.FromResult<IReadOnlyList<DiscoveredCredential>>([.. Credentials]);
}

/// <summary>A graph-kind revocation provider that confirms every call and counts them.</summary>
internal sealed class ConfirmingGraphProvider : IRevocationProvider
{
    private int _calls;

    public string Kind => "graph";

    public int Calls => _calls;

    public Task<RevocationOutcome> RevokeAsync(ProviderRevocation request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(RevocationOutcome.Revoked("204"));
    }
}
