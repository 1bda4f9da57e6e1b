using System.Text.Json;
using Revocation.Core.Ledger;

namespace Revocation.Cli.Commands;

/// <summary>One line of <c>revctl ledger export</c> (docs/ledger.md): the entry's fields, <c>data</c> as the exact text its hash covers.</summary>
internal static class LedgerExportLine
{
    public static string Format(LedgerEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return JsonSerializer.Serialize(new
        {
            chain = e.Chain, seq = e.Seq, type = e.Type, eventSource = e.EventSource, eventId = e.EventId,
            occurredAt = LedgerHasher.Timestamp(e.OccurredAt), recordedAt = LedgerHasher.Timestamp(e.RecordedAt),
            decision = e.Decision, reason = e.Reason, data = e.Data, prevHash = e.PrevHash, hash = e.Hash,
        });
    }
}
