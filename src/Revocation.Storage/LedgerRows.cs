using System.Globalization;
using Azure.Data.Tables;
using Revocation.Core.Ledger;

namespace Revocation.Storage;

/// <summary>Row layout of the <c>ledger</c> table (docs/ledger.md).</summary>
internal static class LedgerRows
{
    public const string StateRowKey = "~state";
    public const string DedupPrefix = "d|";
    public const string FirstEntryKey = "0000000000000000000";
    public const string LastEntryKey = "9999999999999999999";

    public static string EntryKey(long seq) => seq.ToString("D19", CultureInfo.InvariantCulture);

    public static TableEntity ToEntity(LedgerEntry e) => new(KeyEncoding.Chain(e.Chain), EntryKey(e.Seq))
    {
        ["Kind"] = "entry",
        ["Chain"] = e.Chain,
        ["Seq"] = e.Seq,
        ["Type"] = e.Type,
        ["EventSource"] = e.EventSource,
        ["EventId"] = e.EventId,
        ["OccurredAt"] = LedgerHasher.Timestamp(e.OccurredAt),
        ["RecordedAt"] = LedgerHasher.Timestamp(e.RecordedAt),
        ["Decision"] = e.Decision,
        ["Reason"] = e.Reason,
        ["Data"] = e.Data,
        ["PrevHash"] = e.PrevHash,
        ["Hash"] = e.Hash,
    };

    public static LedgerEntry FromEntity(TableEntity t) => new()
    {
        Chain = t.GetString("Chain") ?? KeyEncoding.DecodeChain(t.PartitionKey),
        Seq = t.GetInt64("Seq") ?? -1,
        Type = t.GetString("Type") ?? "",
        EventSource = t.GetString("EventSource"),
        EventId = t.GetString("EventId"),
        OccurredAt = ParseTime(t.GetString("OccurredAt")),
        RecordedAt = ParseTime(t.GetString("RecordedAt")),
        Decision = t.GetString("Decision") ?? "",
        Reason = t.GetString("Reason"),
        Data = t.GetString("Data") ?? "",
        PrevHash = t.GetString("PrevHash") ?? "",
        Hash = t.GetString("Hash") ?? "",
    };

    private static DateTimeOffset ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;
}
