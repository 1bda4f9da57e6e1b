namespace Revocation.Core.Discovery;

/// <summary>The outcome of one reconciliation run, per provider. A dry run shows what a run would record.</summary>
public sealed record ReconcileReport(DateTimeOffset At, bool DryRun, IReadOnlyList<ProviderReconcile> Providers)
{
    /// <summary>True when every provider's listing was complete and no guard tripped.</summary>
    public bool Complete => Providers.All(p => p.Skipped is null && p.GuardTripped is null);
}
