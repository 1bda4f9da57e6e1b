using System.Text.Json.Nodes;
using Revocation.Core.Events;

namespace Revocation.Cli.Tests;

/// <summary>
/// Changes to a valid event, by the rules of docs/events.md: ones that break a rule a JSON Schema can express, and
/// ones that keep every rule (null for an absent optional field, unknown attributes, limits reached exactly).
/// </summary>
internal static class EventMutations
{
    private static readonly string[] Envelope = ["specversion", "id", "source", "type", "time", "data"];

    private static readonly Dictionary<string, string[]> RequiredIds = new(StringComparer.Ordinal)
    {
        [EventTypes.TokenIssued] = ["tokenId", "class"],
        [EventTypes.TokenTransferred] = ["tokenId", "fromOwner", "toOwner"],
        [EventTypes.TokenUsed] = ["tokenId"],
        [EventTypes.TokenRetired] = ["tokenId"],
        [EventTypes.IdentityOffboarded] = ["personId"],
        [EventTypes.IncidentDeclared] = [],
    };

    private static readonly Dictionary<string, string[]> OptionalIds = new(StringComparer.Ordinal)
    {
        [EventTypes.TokenIssued] = ["owner", "holder"],
        [EventTypes.IdentityOffboarded] = ["successor"],
        [EventTypes.IncidentDeclared] = ["actor"],
    };

    private static readonly Dictionary<string, string[]> OptionalTimes = new(StringComparer.Ordinal)
    {
        [EventTypes.TokenIssued] = ["issuedAt", "expiresAt"],
        [EventTypes.TokenUsed] = ["usedAt"],
        [EventTypes.IdentityOffboarded] = ["effectiveAt"],
    };

    private static readonly Dictionary<string, (string Name, int Max)[]> Texts = new(StringComparer.Ordinal)
    {
        [EventTypes.TokenIssued] = [("scope", 1024)],
        [EventTypes.TokenTransferred] = [("reason", 512)],
        [EventTypes.TokenRetired] = [("reason", 512)],
    };

    private static readonly JsonNode?[] BadIds = ["", "   ", new string('a', 257), "a\u0001b", "a\u0085b", "tab\there", 42, true];

    private static readonly JsonNode?[] BadTimes = ["2026-11-28", "yesterday", "2026-11-28 10:00:00Z", "2026-13-01T00:00:00Z", "2026-11-28T25:00:00Z", 42];

    public static IEnumerable<(string Name, JsonObject Event)> Breaking(JsonObject valid)
    {
        var type = valid["type"]!.GetValue<string>();
        foreach (var field in Envelope) yield return Change(valid, $"without {field}", e => e.Remove(field));
        foreach (var value in new JsonNode?[] { "0.3", 1.0, null }) yield return Change(valid, $"specversion {Show(value)}", e => e["specversion"] = value);
        yield return Change(valid, "type token.unknown", e => e["type"] = "token.unknown");
        foreach (var value in BadTimes.Append(null)) yield return Change(valid, $"time {Show(value)}", e => e["time"] = value?.DeepClone());
        foreach (var value in new JsonNode?[] { "text/plain", "application/json;" + new string('x', 120), 42 })
            yield return Change(valid, $"datacontenttype {Show(value)}", e => e["datacontenttype"] = value);
        foreach (var value in new JsonNode?[] { "x", new JsonArray(), null }) yield return Change(valid, $"data {Show(value)}", e => e["data"] = value);

        foreach (var field in new[] { "id", "source" })
            foreach (var value in BadIds.Append(null)) yield return Change(valid, $"{field} {Show(value)}", e => e[field] = value?.DeepClone());
        foreach (var field in RequiredIds[type])
        {
            yield return Change(valid, $"without data.{field}", e => Data(e).Remove(field));
            foreach (var value in BadIds.Append(null)) yield return Change(valid, $"data.{field} {Show(value)}", e => Data(e)[field] = value?.DeepClone());
        }
        foreach (var field in OptionalIds.GetValueOrDefault(type, []))
            foreach (var value in BadIds) yield return Change(valid, $"data.{field} {Show(value)}", e => Data(e)[field] = value?.DeepClone());
        foreach (var field in OptionalTimes.GetValueOrDefault(type, []))
            foreach (var value in BadTimes) yield return Change(valid, $"data.{field} {Show(value)}", e => Data(e)[field] = value?.DeepClone());
        foreach (var (field, max) in Texts.GetValueOrDefault(type, []))
            foreach (var value in new JsonNode?[] { new string('r', max + 1), 42 }) yield return Change(valid, $"data.{field} {Show(value)}", e => Data(e)[field] = value);
        if (type == EventTypes.IncidentDeclared)
        {
            foreach (var m in IncidentBreaking(valid)) yield return m;
            yield break;
        }
        if (type != EventTypes.TokenIssued) yield break;

        yield return Change(valid, "without data.credential", e => Data(e).Remove("credential"));
        foreach (var credential in new[] { "{}", """{"handle":null}""", """{"secretRef":null,"handle":null}""", """{"handle":5}""", $$"""{"handle":"{{new string('h', 513)}}"}""", $$"""{"secretRef":"{{new string('s', 513)}}"}""", "\"h\"" })
            yield return Change(valid, $"data.credential {credential}", e => Data(e)["credential"] = JsonNode.Parse(credential));
        foreach (var name in SecretRedaction.SecretNames.SelectMany(n => new[] { n, n.ToUpperInvariant(), n.ToLowerInvariant() }).Distinct(StringComparer.Ordinal))
            yield return Change(valid, $"data.credential.{name}", e => Data(e)["credential"]!.AsObject()[name] = "a-token-value");
        foreach (var approval in new[] { "\"x\"", "{}", """{"id":""}""", """{"id":null}""", """{"id":"a","expiresAt":"soon"}""" })
            yield return Change(valid, $"data.approval {approval}", e => Data(e)["approval"] = JsonNode.Parse(approval));
    }

    public static IEnumerable<(string Name, JsonObject Event)> Keeping(JsonObject valid)
    {
        var type = valid["type"]!.GetValue<string>();
        yield return Change(valid, "with an extension attribute", e => e["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        yield return Change(valid, "with an unknown data field", e => Data(e)["extra"] = new JsonObject { ["a"] = 1 });
        foreach (var value in new JsonNode?[] { "application/json; charset=utf-8", "Application/JSON", null })
            yield return Change(valid, $"datacontenttype {Show(value)}", e => e["datacontenttype"] = value);
        yield return Change(valid, "time with an offset and fractions", e => e["time"] = "2026-11-28T10:00:00.1234567+01:00");
        foreach (var field in new[] { "id", "source" }) yield return Change(valid, $"{field} of 256 characters", e => e[field] = new string('i', 256));
        foreach (var field in RequiredIds[type].Concat(OptionalIds.GetValueOrDefault(type, [])))
            yield return Change(valid, $"data.{field} of 256 characters", e => Data(e)[field] = "é" + new string('p', 255));
        foreach (var field in OptionalIds.GetValueOrDefault(type, []).Concat(OptionalTimes.GetValueOrDefault(type, [])).Concat(Texts.GetValueOrDefault(type, []).Select(t => t.Name)))
            yield return Change(valid, $"data.{field} null", e => Data(e)[field] = null);
        foreach (var (field, max) in Texts.GetValueOrDefault(type, []))
            yield return Change(valid, $"data.{field} of {max} characters", e => Data(e)[field] = new string('r', max));
        if (type == EventTypes.IncidentDeclared)
        {
            yield return Change(valid, "data.confirm null", e => Data(e)["confirm"] = null);
            yield return Change(valid, "data.confirm true", e => Data(e)["confirm"] = true);
            yield return Change(valid, "data.reason of 200 characters", e => Data(e)["reason"] = string.Join(' ', Enumerable.Repeat("word", 40)) + "r");
            yield return Change(valid, "data.selector.scope of 256 characters", e => Selector(e)["scope"] = new string('s', 256));
            yield return Change(valid, "data.selector.owner of 256 characters", e => Selector(e)["owner"] = "é" + new string('p', 255));
            yield break;
        }
        if (type != EventTypes.TokenIssued) yield break;
        yield return Change(valid, "data.approval null", e => Data(e)["approval"] = null);
        yield return Change(valid, "data.credential with handle and secretRef", e => Data(e)["credential"] = new JsonObject { ["handle"] = "k", ["secretRef"] = "env:T" });
        yield return Change(valid, "data.credential with an empty handle and a null secretRef", e => Data(e)["credential"] = new JsonObject { ["handle"] = "", ["secretRef"] = null });
    }

    /// <summary>incident.declared: the selector (required, known dimensions only, at least one that an index answers) and the reason.</summary>
    private static IEnumerable<(string Name, JsonObject Event)> IncidentBreaking(JsonObject valid)
    {
        yield return Change(valid, "without data.selector", e => Data(e).Remove("selector"));
        foreach (var selector in new[] { "{}", "\"urn:partner:b\"", """{"sources":"urn:p"}""", """{"issuedBefore":"2026-01-01T00:00:00Z"}""", """{"scope":"read"}""", """{"source":"urn:p","scope":"a b"}""" })
            yield return Change(valid, $"data.selector {selector}", e => Data(e)["selector"] = JsonNode.Parse(selector));
        foreach (var field in new[] { "class", "provider", "holder", "source", "owner" })
            foreach (var value in BadIds) yield return Change(valid, $"data.selector.{field} {Show(value)}", e => Selector(e)[field] = value?.DeepClone());
        foreach (var value in BadTimes) yield return Change(valid, $"data.selector.issuedBefore {Show(value)}", e => Selector(e)["issuedBefore"] = value?.DeepClone());
        yield return Change(valid, "without data.reason", e => Data(e).Remove("reason"));
        foreach (var value in new JsonNode?[] { "", "   ", new string('r', 201), "two\nlines", 42, null })
            yield return Change(valid, $"data.reason {Show(value)}", e => Data(e)["reason"] = value?.DeepClone());
        yield return Change(valid, "data.confirm \"yes\"", e => Data(e)["confirm"] = "yes");
    }

    private static JsonObject Selector(JsonObject e) => Data(e)["selector"]!.AsObject();

    private static (string, JsonObject) Change(JsonObject valid, string name, Action<JsonObject> change)
    {
        var copy = valid.DeepClone().AsObject();
        change(copy);
        return (name, copy);
    }

    private static JsonObject Data(JsonObject e) => e["data"]!.AsObject();

    private static string Show(JsonNode? value) => value is null ? "null" : value.ToJsonString() is { Length: > 40 } s ? s[..40] + "…" : value.ToJsonString();
}
