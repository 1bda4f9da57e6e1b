namespace Revocation.Core.Policy;

/// <summary>One token class of <c>policies.json</c> (contracts §2).</summary>
public sealed record ClassPolicy
{
    public required string Name { get; init; }

    /// <summary>The named owner of the class; reassignment target for <c>reassign-to-class-owner</c>.</summary>
    public required string Owner { get; init; }

    /// <summary>Key of the provider (in <c>providers</c>) that revokes this class's tokens.</summary>
    public required string Provider { get; init; }

    /// <summary>Longest life of a token from issuance; null for no limit. An issuance beyond it is clamped to it.</summary>
    public TimeSpan? MaxTtl { get; init; }

    /// <summary>A token unused for this long (since last use, or issuance) is revoked; null for no limit.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>When true (default), a token without a (current) owner is revoked as <c>ownerless</c>.</summary>
    public bool RequireOwner { get; init; } = true;

    /// <summary>When true, a token issued without an approval is revoked as <c>approval-missing</c>.</summary>
    public bool RequireApproval { get; init; }

    /// <summary>Sources allowed to transfer tokens of this class; null when the class is not transferable.</summary>
    public IReadOnlyList<string>? TransferAllowedSources { get; init; }

    public OffboardAction OnOwnerOffboarded { get; init; } = OffboardAction.Revoke;
}
