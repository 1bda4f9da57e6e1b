using Revocation.Core.Ledger;
using Revocation.Core.Tokens;

namespace Revocation.Cli.Commands;

/// <summary>The JSON shapes of <c>tokens list</c> and <c>tokens show</c> (contracts §5).</summary>
internal static class TokenJson
{
    public static object Summary(TokenRecord t) => new
    {
        tokenId = t.TokenId,
        @class = t.View.Class,
        owner = t.View.Owner,
        holder = t.View.Holder,
        state = t.State,
        issuedAt = t.View.IssuedAt,
        expiresAt = t.View.ExpiresAt,
        lastUsedAt = t.View.LastUsedAt,
        nextDueAt = t.NextDueAt,
        revocationReason = t.Revocation.Reason,
        lastError = t.Revocation.LastError,
        transfers = t.View.AcceptedTransfers,
        flags = t.View.Flags,
    };

    public static object Detail(TokenRecord t, IEnumerable<LedgerEntry> history) => new
    {
        tokenId = t.TokenId,
        @class = t.View.Class,
        owner = t.View.Owner,
        holder = t.View.Holder,
        state = t.State,
        issuedAt = t.View.IssuedAt,
        expiresAt = t.View.ExpiresAt,
        lastUsedAt = t.View.LastUsedAt,
        nextDueAt = t.NextDueAt,
        revocationReason = t.Revocation.Reason,
        lastError = t.Revocation.LastError,
        attempts = t.Revocation.Attempts,
        flags = t.View.Flags,
        history = history.Select(e => new
        {
            seq = e.Seq, type = e.Type, occurredAt = e.OccurredAt, recordedAt = e.RecordedAt, decision = e.Decision, reason = e.Reason,
            eventSource = e.EventSource, eventId = e.EventId, data = e.Data,
        }),
    };
}
