using Revocation.Core.Ledger;
using Revocation.Core.Access;
using Revocation.Core.Storage;

namespace Revocation.Core.Tokens;

/// <summary>
/// Read-modify-write of a token with its ledger entries, retried on an ETag conflict. The change function sees
/// the current record (null for a token never seen) and an appender positioned at the chain's head; it returns
/// the new record, or null to write nothing. A caller that has just read the record passes it as <c>known</c>.
/// A commit whose answer was lost (the storage client's retry then conflicts with it) is recognized by the chain head it
/// wrote, so a write without a de-duplication marker is not applied twice either.
/// Every state write of the pipeline commits here, so this is where the decisions' cache learns of it (<see cref="TokenRecordCache"/>)
/// and where every committed write moves the posture aggregates (<see cref="Posture.PostureRecorder"/>).
/// </summary>
public sealed class TokenWriter(ITokenStore store, Posture.PostureRecorder posture, TokenRecordCache? cache = null)
{
    /// <summary>Concurrent writers of one token rarely collide twice; past this the caller's retry (the queue) takes over.</summary>
    public const int MaxConflictRetries = 8;

    public async Task<TokenWrite> UpdateAsync(
        string tokenId,
        DateTimeOffset recordedAt,
        string? dedupKey,
        Func<TokenRecord?, LedgerAppender, TokenRecord?> change,
        CancellationToken cancellationToken,
        bool assumeNew = false,
        TokenRecord? known = null)
    {
        (TokenRecord? Before, TokenRecord Next)? tried = null;
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            // The first attempt uses what the caller already read (its ETag guards the write), or, for an
            // issuance (almost always a new token), tries the insert; later attempts read again.
            var current = attempt == 0 && (assumeNew || known is not null) ? known : await store.TryGetAsync(tokenId, cancellationToken);
            if (tried is { } last && current is not null && current.HeadSeq == last.Next.HeadSeq && current.HeadHash == last.Next.HeadHash)
            {
                // The previous attempt landed and only its answer was lost: the storage client retried the transaction, and
                // the retry conflicted with the commit it had made. The chain's head is the one that commit wrote (its hash
                // covers the new entries, their times included), so nothing is applied twice.
                cache?.Written(current);
                await posture.RecordAsync(last.Before, current, cancellationToken);
                return new TokenWrite(TokenWriteStatus.Committed, last.Before, current);
            }
            var appender = new LedgerAppender(tokenId, current?.HeadSeq ?? 0, current?.HeadHash ?? LedgerHasher.GenesisHash, recordedAt);
            var next = change(current, appender);
            if (next is null) return new TokenWrite(TokenWriteStatus.NoChange, current, current);
            next = next with { HeadSeq = appender.HeadSeq, HeadHash = appender.HeadHash };
            var commit = new TokenCommit(
                tokenId, current?.Version, current is null, appender.Entries, dedupKey, next, appender.HeadSeq, appender.HeadHash);
            // A write without new entries leaves the head as it was: only one with entries can be recognized as landed.
            tried = appender.Entries.Count > 0 ? (current, next) : null;
            switch (await store.TryCommitAsync(commit, cancellationToken))
            {
                case CommitResult.Committed:
                    cache?.Written(next);
                    await posture.RecordAsync(current, next, cancellationToken);
                    return new TokenWrite(TokenWriteStatus.Committed, current, next);
                case CommitResult.Duplicate:
                    var stored = await store.TryGetAsync(tokenId, cancellationToken);
                    if (stored is not null) cache?.Written(stored);
                    return new TokenWrite(TokenWriteStatus.Duplicate, current, stored);
            }
        }
        throw new TokenConflictException(tokenId, MaxConflictRetries);
    }

    /// <summary>
    /// Appends one pipeline-wide entry (a guard trip, an incident) to the <see cref="LedgerChains.System"/> chain;
    /// with a <paramref name="dedupKey"/>, at most once for that key.
    /// </summary>
    public Task<TokenWrite> AppendSystemAsync(
        string type, string decision, string reason, DateTimeOffset occurredAt, string data, DateTimeOffset recordedAt, string? dedupKey,
        CancellationToken cancellationToken) =>
        UpdateAsync(LedgerChains.System, recordedAt, dedupKey, (current, ledger) =>
        {
            ledger.Append(type, decision, reason, occurredAt, data);
            return current ?? TokenRecords.New(LedgerChains.System);
        }, cancellationToken);
}

public enum TokenWriteStatus
{
    Committed,
    NoChange,
    Duplicate,
}

public sealed record TokenWrite(TokenWriteStatus Status, TokenRecord? Before, TokenRecord? After);

/// <summary>Too many concurrent writers of one token: a passing condition that the queue's retry resolves.</summary>
public sealed class TokenConflictException(string tokenId, int attempts)
    : Exception($"token {tokenId}: state changed concurrently {attempts} times in a row; retry later");
