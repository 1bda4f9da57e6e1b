using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Revocation.Core.Ledger;

/// <summary>
/// The canonical serialization and hash of ledger entries (docs/ledger.md): a JSON object with the fields in
/// ordinal key order, no whitespace, timestamps as <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>, integers in decimal,
/// strings escaped minimally (<c>\"</c>, <c>\\</c>, and <c>\uXXXX</c> lower-case hex for U+0000–U+001F).
/// The hash is lower-case hex SHA-256 over its UTF-8 bytes.
/// </summary>
public static class LedgerHasher
{
    /// <summary>The <c>prevHash</c> of a chain's first entry.</summary>
    public static readonly string GenesisHash = new('0', 64);

    public static string Canonical(LedgerEntry e)
    {
        var sb = new StringBuilder(256);
        sb.Append('{');
        Field(sb, "chain", e.Chain, first: true);
        Field(sb, "data", e.Data);
        Field(sb, "decision", e.Decision);
        Field(sb, "eventId", e.EventId);
        Field(sb, "eventSource", e.EventSource);
        Field(sb, "occurredAt", Timestamp(e.OccurredAt));
        Field(sb, "prevHash", e.PrevHash);
        Field(sb, "reason", e.Reason);
        Field(sb, "recordedAt", Timestamp(e.RecordedAt));
        sb.Append(",\"seq\":").Append(e.Seq.ToString(CultureInfo.InvariantCulture));
        Field(sb, "type", e.Type);
        sb.Append('}');
        return sb.ToString();
    }

    public static string ComputeHash(LedgerEntry e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(e))));

    /// <summary>Returns <paramref name="e"/> with its hash set.</summary>
    public static LedgerEntry Seal(LedgerEntry e) => e with { Hash = ComputeHash(e) };

    public static string Timestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void Field(StringBuilder sb, string name, string? value, bool first = false)
    {
        if (!first) sb.Append(',');
        sb.Append('"').Append(name).Append("\":");
        if (value is null) { sb.Append("null"); return; }
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
