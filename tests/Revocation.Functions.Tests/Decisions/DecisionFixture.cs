using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Revocation.Functions.Tests.Decisions;

/// <summary>The policy, events and calls the decision tests share.</summary>
internal static class DecisionFixture
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    /// <summary><c>agent</c>: 1-day TTL, 2-hour idle timeout; <c>approved</c>: needs an approval; <c>gone</c> is absent from <see cref="PolicyWithoutAgent"/>.</summary>
    public static string Policy => """
        {
          "providers": { "p": { "kind": "oauth2", "revocationEndpoint": "http://127.0.0.1:9/revoke", "clientId": "x", "clientSecretRef": "env:X" } },
          "classes": {
            "agent": { "owner": "class-owner@x", "provider": "p", "maxTtl": "P1D", "idleTimeout": "PT2H", "onOwnerOffboarded": "revoke" },
            "approved": { "owner": "class-owner@x", "provider": "p", "maxTtl": "P1D", "requireApproval": true, "onOwnerOffboarded": "revoke" }
          }
        }
        """;

    public static string PolicyWithoutAgent => """
        {
          "providers": { "p": { "kind": "oauth2", "revocationEndpoint": "http://127.0.0.1:9/revoke", "clientId": "x", "clientSecretRef": "env:X" } },
          "classes": {
            "approved": { "owner": "class-owner@x", "provider": "p", "maxTtl": "P1D", "requireApproval": true, "onOwnerOffboarded": "revoke" }
          }
        }
        """;

    public const string Holder = "spiffe://contoso.com/agents/triage";

    public static string NewTokenId() => "corp:" + Guid.NewGuid().ToString("N");

    public static string NewOwner() => $"owner-{Guid.NewGuid():N}@contoso.com";

    public static string Issued(string tokenId, string owner, DateTimeOffset at, string cls = "agent", string? holder = Holder,
        string? scope = "tickets:read tickets:write", string? approvalId = "chg-42", DateTimeOffset? approvalExpiresAt = null, bool ownerless = false)
    {
        var data = new JsonObject
        {
            ["tokenId"] = tokenId, ["class"] = cls, ["owner"] = ownerless ? null : owner, ["holder"] = holder, ["scope"] = scope,
            ["credential"] = new JsonObject { ["handle"] = "h-" + tokenId },
        };
        if (approvalId is not null)
            data["approval"] = new JsonObject { ["id"] = approvalId, ["expiresAt"] = approvalExpiresAt is { } e ? Time(e) : null };
        return Event("token.issued", at, data);
    }

    public static string Retired(string tokenId, DateTimeOffset at) =>
        Event("token.retired", at, new JsonObject { ["tokenId"] = tokenId, ["reason"] = "job done" });

    public static string Offboarded(string person, DateTimeOffset at) =>
        Event("identity.offboarded", at, new JsonObject { ["personId"] = person });

    public static async Task<DecisionAnswer> DecideAsync(HttpClient client, string tokenId, string holder = Holder, string? scope = null, string? task = null)
    {
        using var response = await client.PostAsJsonAsync("/api/decisions", new { tokenId, holder, scope, task });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        return new DecisionAnswer(
            root.GetProperty("decision").GetString()!,
            [.. root.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)],
            root.GetProperty("state").GetString(),
            root.GetProperty("cacheFor").GetInt64(),
            response.Headers.CacheControl?.ToString());
    }

    private static string Event(string type, DateTimeOffset at, JsonObject data) => new JsonObject
    {
        ["specversion"] = "1.0", ["id"] = Guid.NewGuid().ToString(), ["source"] = "urn:broker:test", ["type"] = type,
        ["time"] = Time(at), ["data"] = data,
    }.ToJsonString();

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

internal sealed record DecisionAnswer(string Decision, IReadOnlyList<string> Reasons, string? State, long CacheFor, string? CacheControl);
