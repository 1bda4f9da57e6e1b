using Revocation.Core.Incidents;

namespace Revocation.Core.Storage;

/// <summary>Declared incidents, for reports and the evidence pack.</summary>
public interface IIncidentStore
{
    Task UpsertAsync(IncidentRecord incident, CancellationToken cancellationToken);

    Task<IncidentRecord?> TryGetAsync(string id, CancellationToken cancellationToken);

    IAsyncEnumerable<IncidentRecord> ListAsync(CancellationToken cancellationToken);
}
