using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Revocation.Core.Events;

namespace Revocation.Signals;

/// <summary>
/// Turns a verified SET's one event into the CloudEvent the intake reads (docs/partners.md): <c>id</c> = <c>jti</c>,
/// <c>source</c> = the transmitter's registered source, <c>time</c> = the event's <c>event_timestamp</c> (RISC/CAEP) or
/// <c>iat</c>. Our own types (<see cref="SetEventTypes.OwnPrefix"/>) carry the event's <c>data</c> as their payload; RISC
/// <c>account-disabled</c>/<c>account-purged</c> become <c>identity.offboarded</c>, RISC <c>credential-compromise</c>
/// <c>token.compromised</c>, CAEP <c>credential-change</c> <c>token.credential-changed</c>. The result is checked by the
/// intake's own parser, so what the intake would refuse is refused here, with its reason.
/// </summary>
internal static class SetMapper
{
    public static (string? CloudEvent, string? Type, string? Problem) Map(VerifiedSet set)
    {
        var type = SetEventTypes.Mapped[set.EventType];
        var p = set.Payload;
        var time = set.IssuedAt;
        if (p.TryGetProperty("event_timestamp", out var ts) && ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var seconds) &&
            seconds is >= 0 and <= 253402300799)
            time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        JsonNode? data;
        if (set.EventType.StartsWith(SetEventTypes.OwnPrefix, StringComparison.Ordinal))
        {
            data = JsonNode.Parse(p.GetRawText());
        }
        else
        {
            var credential = type != EventTypes.IdentityOffboarded;
            var (id, problem) = SetSubject.Read(set, credential);
            if (problem is not null) return (null, type, problem);
            data = type switch
            {
                EventTypes.IdentityOffboarded => new JsonObject { ["personId"] = id },
                EventTypes.TokenCompromised => new JsonObject
                {
                    ["tokenId"] = id, ["credentialType"] = Text(p, "credential_type"), ["reason"] = Reason(p) ?? "credential-compromise",
                },
                _ => new JsonObject
                {
                    ["tokenId"] = id, ["changeType"] = Text(p, "change_type"), ["credentialType"] = Text(p, "credential_type"), ["reason"] = Reason(p),
                },
            };
        }
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = set.Jti,
            ["source"] = set.Transmitter.Source,
            ["type"] = type,
            ["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["data"] = data,
        }.ToJsonString();
        var parsed = EventParser.Parse(cloudEvent);
        return parsed.IsValid ? (cloudEvent, type, null) : (null, type, $"the {type} event it carries is invalid: {parsed.Rejection}");
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>RISC/CAEP <c>reason_admin</c>: a string, or an object of language tags (the <c>en</c> text, else the first).</summary>
    private static string? Reason(JsonElement obj)
    {
        if (!obj.TryGetProperty("reason_admin", out var r)) return null;
        if (r.ValueKind == JsonValueKind.String) return Clip(r.GetString());
        if (r.ValueKind != JsonValueKind.Object) return null;
        var texts = r.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.String).ToList();
        var en = texts.FirstOrDefault(m => m.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase));
        return Clip((en.Value.ValueKind == JsonValueKind.String ? en : texts.FirstOrDefault()).Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null);
    }

    private static string? Clip(string? text) => text is { Length: > 512 } ? text[..512] : text;
}
