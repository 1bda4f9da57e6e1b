namespace Revocation.Core.Discovery;

/// <summary>What reconciliation found (and, unless a dry run, recorded) at one provider. Lists hold token ids.</summary>
public sealed record ProviderReconcile
{
    public required string Provider { get; init; }
    public required string Kind { get; init; }

    /// <summary>Credentials the provider listed; null when the listing was skipped.</summary>
    public int? Listed { get; init; }

    /// <summary>Why nothing was concluded: an incomplete listing, no inventory adapter, a kind that cannot list.</summary>
    public string? Skipped { get; init; }

    public List<string> Discovered { get; } = [];
    public List<string> Unclassified { get; } = [];
    public List<string> Zombies { get; } = [];

    /// <summary>One line per drifting field: <c>tokenId field ledger→provider</c>.</summary>
    public List<string> Drift { get; } = [];
    public List<string> Gone { get; } = [];

    /// <summary>Listed credentials not recorded because they break the intake's input rules, one reason each (<see cref="DiscoveredCredentialCheck"/>).</summary>
    public List<string> Refused { get; } = [];

    /// <summary>Why zombies and gone tokens were left alone: the sweep's blast-radius guard tripped.</summary>
    public string? GuardTripped { get; set; }
}
