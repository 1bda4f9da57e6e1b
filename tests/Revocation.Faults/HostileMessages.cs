using System.Globalization;
using System.Text;
using Revocation.Core.Events;

namespace Revocation.Faults;

/// <summary>
/// Hostile intake messages, ten kinds, each sent in both encodings: base64 (what the pipeline reads) and raw text
/// (<c>MessageEncoding.None</c>, not base64). Each body carries its marker near the start. The queue carries XML, so
/// raw bodies hold control characters only as JSON escapes, and raw "invalid UTF-8" is the replacement characters
/// those bytes decode to. A base64 message is at most 64 KiB encoded, 48 KiB decoded: the base64 "oversize" one is
/// the largest that fits (not over the parser's limit), the raw one is 60 KB.
/// </summary>
public static class HostileMessages
{
    public static readonly IReadOnlyList<string> Kinds =
    [
        "not-json", "not-cloudevent", "unknown-type", "missing-fields", "oversize",
        "invalid-utf8", "deep-nesting", "huge-numbers", "reserved-source", "control-chars-in-ids",
    ];

    /// <summary>Message <paramref name="n"/> of a run: kind n mod 10, raw on odd tens, every third on identity-events.</summary>
    public static (SentMessage Message, BinaryData Body) Create(string run, int n)
    {
        var kind = Kinds[n % Kinds.Count];
        var raw = (n / Kinds.Count) % 2 == 1;
        var marker = string.Create(CultureInfo.InvariantCulture, $"fault-{run}-h{n}");
        var queue = n % 3 == 2 ? QueueNames.IdentityEvents : QueueNames.TokenEvents;
        var message = new SentMessage(queue, marker, kind, raw);
        if (kind == "invalid-utf8" && !raw)
        {
            var bytes = Encoding.UTF8.GetBytes(Envelope(marker, "token.issued", "urn:faults:hostile", "{\"tokenId\":\"X\"}"));
            var at = Array.IndexOf(bytes, (byte)'X');
            bytes[at] = 0xC3; // a lead byte followed by '"': invalid UTF-8
            return (message, BinaryData.FromBytes([.. bytes[..at], 0xFF, 0xFE, .. bytes[at..]]));
        }

        return (message, BinaryData.FromString(Text(kind, marker, raw)));
    }

    private static string Text(string kind, string marker, bool raw) => kind switch
    {
        "not-json" => $"{marker} this is not JSON: <event id=\"1\"/> & {{ unclosed",
        "not-cloudevent" => $$"""{"marker":"{{marker}}","hello":"world","tokenId":"x"}""",
        "unknown-type" => Envelope(marker, "token.exploded", "urn:faults:hostile", """{"tokenId":"fault:hostile"}"""),
        "missing-fields" => $$$"""{"specversion":"1.0","id":"{{{marker}}}","type":"token.issued","data":{}}""",
        "oversize" => $$"""{"marker":"{{marker}}","padding":"{{new string('x', raw ? 60_000 : 49_000)}}"}""",
        "invalid-utf8" => Envelope(marker, "token.issued", "urn:faults:hostile", "{\"tokenId\":\"\uFFFD\uFFFD(\"}"),
        "deep-nesting" => $$"""{"marker":"{{marker}}","specversion":"1.0","data":{{new string('[', 5000)}}{{new string(']', 5000)}}}""",
        "huge-numbers" => $$$"""{"specversion":"1.0","id":"{{{marker}}}","source":"urn:faults:hostile","type":"token.issued","time":1e99999,"data":{"tokenId":123456789012345678901234567890123456789e400,"class":-1e309,"owner":99999999999999999999999999999999}}""",
        "reserved-source" => Envelope(marker, "token.issued", "urn:revocation:pipeline",
            """{"tokenId":"fault:reserved","class":"svc","owner":"owner@contoso.com","credential":{"handle":"h"}}"""),
        "control-chars-in-ids" => Envelope(marker + "\\u0000\\u0007\\u001f", "token.used", "urn:faults:hostile", """{"tokenId":"fault:\u0001\u007f\u009f\u0000"}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind"),
    };

    private static string Envelope(string id, string type, string source, string data) =>
        $$"""{"specversion":"1.0","id":"{{id}}","source":"{{source}}","type":"{{type}}","time":"2026-11-28T10:00:00Z","datacontenttype":"application/json","data":{{data}}}""";
}
