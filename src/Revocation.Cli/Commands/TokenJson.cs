using Revocation.Core.Ledger;
using Revocation.Core.Posture;
using Revocation.Core.Tokens;

namespace Revocation.Cli.Commands;

/// <summary>The JSON shapes of <c>tokens list</c> and <c>tokens show</c> (contracts §5).</summary>
internal static class TokenJson
{
    internal sealed record TokenSummary(
        string TokenId, string? Class, string? Owner, string? Holder, string State, DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt,
        DateTimeOffset? LastUsedAt, DateTimeOffset? NextDueAt, string? RevocationReason, string? LastError, int Attempts, int Transfers,
        IReadOnlyList<string> Flags, IReadOnlyList<string> Marks);

    internal sealed record HistoryEntry(
        long Seq, string Type, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string Decision, string? Reason,
        string? EventSource, string? EventId, object? Data);

    /// <summary>When the sweep acts on the token next: only an active token is ever due (a revoked one keeps a stale date).</summary>
    public static DateTimeOffset? NextDue(TokenRecord t) => t.IsActive ? t.NextDueAt : null;

    public static TokenSummary Summary(TokenRecord t) => new(
        t.TokenId, t.View.Class, t.View.Owner, t.View.Holder, t.State, t.View.IssuedAt, t.View.ExpiresAt, t.View.LastUsedAt, NextDue(t),
        t.Revocation.Reason, t.Revocation.LastError, t.Revocation.Attempts, t.View.AcceptedTransfers, t.View.Flags, PostureReport.Marks(t));

    /// <summary>The summary's fields plus <c>history</c>, each entry's <c>data</c> as a JSON object (the ledger stores it as text).</summary>
    public static Dictionary<string, object?> Detail(TokenRecord t, IEnumerable<LedgerEntry> history)
    {
        var element = System.Text.Json.JsonSerializer.SerializeToElement(Summary(t), Output.JsonOptions);
        var detail = element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.Ordinal);
        detail["history"] = history.Select(e => new HistoryEntry(e.Seq, e.Type, e.OccurredAt, e.RecordedAt, e.Decision, e.Reason, e.EventSource, e.EventId, Output.Nested(e.Data))).ToList();
        return detail;
    }
}
