using Revocation.Core.Ledger;
using Revocation.Core.Tokens;

namespace Revocation.Core.Storage;

/// <summary>
/// Token state rows and their ledger chains. A commit appends entries, writes the de-duplication marker and
/// replaces the state row atomically, or does nothing.
/// </summary>
public interface ITokenStore
{
    Task<TokenRecord?> TryGetAsync(string tokenId, CancellationToken cancellationToken);

    /// <summary>Atomically appends <see cref="TokenCommit.Entries"/>, adds the marker and writes the state.</summary>
    Task<CommitResult> TryCommitAsync(TokenCommit commit, CancellationToken cancellationToken);

    /// <summary>A chain's entries in sequence order.</summary>
    IAsyncEnumerable<LedgerEntry> ReadChainAsync(string chain, CancellationToken cancellationToken);

    /// <summary>Every state row (a scan: for the CLI and reports, never the hot path).</summary>
    IAsyncEnumerable<TokenRecord> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="top"/> state rows from <paramref name="continuation"/> on (null: the first page), only
    /// those of class <paramref name="cls"/> and in state <paramref name="state"/> when given (filtered by the store).
    /// </summary>
    Task<ListPage<TokenRecord>> ListPageAsync(string? cls, string? state, int top, string? continuation, CancellationToken cancellationToken);

    /// <summary>Every chain and its stored head (a scan, for verification and export).</summary>
    IAsyncEnumerable<ChainHead> ListChainsAsync(CancellationToken cancellationToken);

    /// <summary>Every chain that holds entries, with or without a state row (a scan, for verification).</summary>
    IAsyncEnumerable<string> ListEntryChainsAsync(CancellationToken cancellationToken);
}

/// <summary>A chain and the head its state row records.</summary>
public sealed record ChainHead(string Chain, long HeadSeq, string HeadHash);

/// <summary>What one commit writes. <see cref="State"/> null writes only the chain head (system chains).</summary>
public sealed record TokenCommit(
    string Chain,
    string? ExpectedVersion,
    bool IsNew,
    IReadOnlyList<LedgerEntry> Entries,
    string? DedupKey,
    TokenRecord? State,
    long HeadSeq,
    string HeadHash);

public enum CommitResult
{
    Committed,

    /// <summary>The state changed since it was read (ETag), or a new chain already exists: read again and retry.</summary>
    Conflict,

    /// <summary>The de-duplication marker exists: this event was recorded before.</summary>
    Duplicate,
}
