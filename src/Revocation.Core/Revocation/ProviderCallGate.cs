namespace Revocation.Core.Revocation;

/// <summary>
/// Bounds how many calls a caller revoking many tokens (an incident's slice) has open at its providers at once. The
/// caller puts the gate in force around each revocation (<see cref="Use"/>); the adapters' one sending path
/// (<c>ProviderHttp</c>) takes a place for each HTTP exchange (<see cref="EnterAsync"/>), so the work around the calls
/// (reading the token's value from its store, recording the outcome) does not hold a place, and a provider sees no more
/// than the gate's count of requests from this caller. Outside <see cref="Use"/> entering is free: one revocation at a
/// time (a queued request, a sweep) is not gated. A place is held for one exchange: an adapter must not start another
/// exchange while holding one (inside its answer's mapping), or a full gate would wait on itself.
/// </summary>
public sealed class ProviderCallGate : IDisposable
{
    private static readonly AsyncLocal<ProviderCallGate?> InForce = new();
    private readonly SemaphoreSlim _places;

    public ProviderCallGate(int places)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(places, 1);
        Places = places;
        _places = new SemaphoreSlim(places, places);
    }

    /// <summary>How many calls may be open at once.</summary>
    public int Places { get; }

    /// <summary>How many calls are open now.</summary>
    public int Open => Places - _places.CurrentCount;

    /// <summary>Puts <paramref name="gate"/> in force for the calling flow (and what it awaits) until the scope is disposed.</summary>
    public static Scope Use(ProviderCallGate? gate)
    {
        var previous = InForce.Value;
        InForce.Value = gate;
        return new Scope(previous);
    }

    /// <summary>Takes a place at the gate in force, waiting for one if all are taken; a no-op without a gate.</summary>
    public static async ValueTask<Place> EnterAsync(CancellationToken cancellationToken)
    {
        var gate = InForce.Value;
        if (gate is null) return default;
        await gate._places.WaitAsync(cancellationToken);
        return new Place(gate);
    }

    public void Dispose() => _places.Dispose();

    /// <summary>Restores the gate that was in force before <see cref="Use"/>.</summary>
    public readonly struct Scope(ProviderCallGate? previous) : IDisposable
    {
        public void Dispose() => InForce.Value = previous;
    }

    /// <summary>A place taken at a gate; disposing gives it back.</summary>
    public readonly struct Place(ProviderCallGate? gate) : IDisposable
    {
        public void Dispose() => gate?._places.Release();
    }
}
