using System.Text;
using System.Text.Json;
using Revocation.Core.Revocation;

namespace Revocation.Core.Events;

/// <summary>
/// Validates a queue message against contracts §1 (CloudEvents 1.0, JSON structured mode). Never throws for
/// bad input: every rejection is a result with a reason an operator can act on.
/// </summary>
public static class EventParser
{
    /// <summary>Largest accepted message: a queue message is 64 KiB after base64, about 48 KiB of JSON.</summary>
    public const int MaxMessageBytes = 48 * 1024;

    public static EventParseResult Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxMessageBytes)
            return EventParseResult.Invalid($"oversize: {utf8.Length} bytes, limit {MaxMessageBytes}");
        // System.Text.Json reads invalid UTF-8 inside a string without complaint and throws only when the string is
        // decoded: check the whole message first, so such a message is a rejection, not a failure retried to poison.
        if (!System.Text.Unicode.Utf8.IsValid(utf8)) return EventParseResult.Invalid("not UTF-8: the message holds an invalid byte sequence");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return EventParseResult.Invalid($"not JSON: {e.Message.Split('.')[0]}");
        }
        using (doc)
        {
            return Parse(doc.RootElement);
        }
    }

    public static EventParseResult Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    private static EventParseResult Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return EventParseResult.Invalid("not a CloudEvent: the message is not a JSON object");
        if (!root.TryGetProperty("specversion", out var spec) || spec.ValueKind != JsonValueKind.String)
            return EventParseResult.Invalid("not a CloudEvent: specversion is missing");
        if (spec.GetString() != "1.0") return EventParseResult.Invalid($"unsupported specversion '{Clip(spec.GetString())}', expected '1.0'");

        var f = new JsonFields(root, "$");
        var id = f.RequiredId("id");
        var source = f.RequiredId("source");
        var type = f.OptionalText("type", 128);
        var time = f.Time("time", required: true);
        var contentType = f.OptionalText("datacontenttype", 128);
        if (f.Error is not null) return EventParseResult.Invalid(f.Error);
        if (type is null) return EventParseResult.Invalid("$.type is required");
        if (!EventTypes.All.Contains(type)) return EventParseResult.Invalid($"unknown type '{Clip(type)}'");
        if (contentType is not null && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return EventParseResult.Invalid($"$.datacontenttype must be application/json, was '{Clip(contentType)}'");

        var envelope = new EventEnvelope(id!, source!, type, time!.Value);
        var data = f.Object("data", required: true);
        if (f.Error is not null) return EventParseResult.Invalid(f.Error);
        var d = new JsonFields(data!.Value, "$.data");
        IntakeEvent? parsed = type switch
        {
            EventTypes.TokenIssued => ParseIssued(envelope, data.Value, d),
            EventTypes.TokenTransferred => new TokenTransferred(envelope, d.RequiredTokenId()!, d.RequiredId("fromOwner")!, d.RequiredId("toOwner")!, d.OptionalText("reason", 512)),
            EventTypes.TokenUsed => new TokenUsed(envelope, d.RequiredTokenId()!, d.Time("usedAt", required: false) ?? envelope.Time),
            EventTypes.TokenRetired => new TokenRetired(envelope, d.RequiredTokenId()!, d.OptionalText("reason", 512) ?? "retired"),
            EventTypes.TokenCompromised => new TokenCompromised(envelope, d.RequiredTokenId()!, d.OptionalText("credentialType", 128), d.OptionalText("reason", 512)),
            EventTypes.TokenCredentialChanged => new TokenCredentialChanged(envelope, d.RequiredTokenId()!, d.RequiredId("changeType")!,
                d.OptionalText("credentialType", 128), d.OptionalText("reason", 512)),
            EventTypes.IncidentDeclared => IncidentEventParser.Parse(envelope, d),
            _ => new IdentityOffboarded(envelope, d.RequiredId("personId")!, d.Time("effectiveAt", required: false) ?? envelope.Time, d.OptionalId("successor")),
        };
        return d.Error is null ? EventParseResult.Valid(parsed!) : EventParseResult.Invalid(d.Error);
    }

    private static TokenIssued? ParseIssued(EventEnvelope envelope, JsonElement data, JsonFields d)
    {
        var tokenId = d.RequiredTokenId();
        var cls = d.RequiredId("class");
        var owner = d.OptionalId("owner");
        var holder = d.OptionalId("holder");
        var issuedAt = d.Time("issuedAt", required: false) ?? envelope.Time;
        var expiresAt = d.Time("expiresAt", required: false);
        var scope = d.OptionalText("scope", 1024);
        var approvalJson = d.Object("approval", required: false);
        var credentialJson = d.Object("credential", required: true);
        if (d.Error is not null) return null;

        Approval? approval = null;
        if (approvalJson is { } a)
        {
            var af = new JsonFields(a, "$.data.approval");
            approval = new Approval(af.RequiredId("id")!, af.Time("expiresAt", required: false));
            if (af.Error is not null) { d.Fail(af.Error, overwrite: true); return null; }
        }

        var cf = new JsonFields(credentialJson!.Value, "$.data.credential");
        foreach (var property in credentialJson.Value.EnumerateObject())
        {
            if (SecretRedaction.SecretNames.Contains(property.Name))
            {
                d.Fail($"$.data.credential.{property.Name}: token values must not be sent; use credential.secretRef", overwrite: true);
                return null;
            }
        }
        var credential = new CredentialReference(cf.OptionalText("handle", 512), cf.OptionalText("secretRef", 512));
        if (cf.Error is not null) { d.Fail(cf.Error, overwrite: true); return null; }
        if (credential.Handle is null && credential.SecretRef is null)
        {
            d.Fail("$.data.credential needs a handle or a secretRef", overwrite: true);
            return null;
        }
        if (expiresAt is { } e && e <= issuedAt)
        {
            d.Fail("$.data.expiresAt must be after issuedAt", overwrite: true);
            return null;
        }
        return new TokenIssued(envelope, tokenId!, cls!, owner, holder, issuedAt, expiresAt, scope, approval, credential);
    }

    private static string Clip(string? text) =>
        text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";
}
