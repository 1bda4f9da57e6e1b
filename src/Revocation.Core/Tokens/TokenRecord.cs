namespace Revocation.Core.Tokens;

/// <summary>
/// A token's state row: its inputs, the pipeline's revocation status, the view derived when it was last written,
/// and the head of its ledger chain. <see cref="Version"/> is the store's concurrency token (an ETag).
/// </summary>
public sealed record TokenRecord
{
    public required string TokenId { get; init; }
    public TokenInputs Inputs { get; init; } = TokenInputs.Empty;
    public RevocationStatus Revocation { get; init; } = RevocationStatus.None;
    public required TokenView View { get; init; }
    public long HeadSeq { get; init; }
    public string HeadHash { get; init; } = Ledger.LedgerHasher.GenesisHash;
    public string? Version { get; init; }

    /// <summary>The next time a sweep must look at this token, if any.</summary>
    public DateTimeOffset? NextDueAt { get; init; }

    public string State => View.IsRegistered ? Revocation.State : TokenStates.Unregistered;

    public bool IsActive => State == TokenStates.Active;
}
