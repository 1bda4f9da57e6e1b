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
}
