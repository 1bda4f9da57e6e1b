namespace Revocation.Core.Storage;

/// <summary>Offboarded people. Read through a short-lived cache by the intake (see the adapter).</summary>
public interface IPeopleStore
{
    /// <summary>Records an offboarding; false when the person was already recorded (by any event).</summary>
    Task<bool> TryAddOffboardingAsync(OffboardingRecord record, CancellationToken cancellationToken);

    Task<OffboardingRecord?> TryGetAsync(string personId, CancellationToken cancellationToken);

    /// <summary>
    /// Person id → effective time, for every offboarded person. The hot path (intake) may get a briefly stale
    /// view; <paramref name="fresh"/> reads the store (sweeps, which run rarely and must not miss a leaver).
    /// </summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> GetOffboardedAsync(CancellationToken cancellationToken, bool fresh = false);
}

public sealed record OffboardingRecord(string PersonId, DateTimeOffset EffectiveAt, string? Successor, string EventSource, string EventId);
