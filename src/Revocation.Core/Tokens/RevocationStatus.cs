namespace Revocation.Core.Tokens;

/// <summary>The pipeline's side of a token's state: what revocation did, as opposed to what events said.</summary>
public sealed record RevocationStatus
{
    public static readonly RevocationStatus None = new();

    /// <summary><see cref="TokenStates.Active"/> until revocation starts.</summary>
    public string State { get; init; } = TokenStates.Active;
    public string? Reason { get; init; }
    public int Attempts { get; init; }

    /// <summary>The provider's last answer, short and without secrets.</summary>
    public string? LastError { get; init; }
    public DateTimeOffset? RequestedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>
    /// When the revocation last moved (requested, attempted, re-queued). A <c>revocation-pending</c> token that has
    /// not moved for <see cref="Revocation.RevocationOptions.StalledAfter"/> lost its request (a poisoned or lost
    /// message) and is re-queued by the sweep. Null in rows written before this field existed: RequestedAt stands in.
    /// </summary>
    public DateTimeOffset? LastActivityAt { get; init; }

    /// <summary>Times the sweep re-queued this revocation because its request was lost.</summary>
    public int Requeues { get; init; }
}
