using System.Globalization;
using System.Text.Json;

namespace Revocation.Bench;

/// <summary>CloudEvents (contracts §1) and policy documents (contracts §2) used by the benchmarks.</summary>
internal static class Events
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static string Issued(string id, string tokenId, string cls, string owner, DateTimeOffset at, string credentialJson, string? holder = null)
    {
        var data = new Dictionary<string, object>
        {
            ["tokenId"] = tokenId, ["class"] = cls, ["owner"] = owner, ["issuedAt"] = Time(at),
            ["credential"] = JsonDocument.Parse(credentialJson).RootElement.Clone(),
        };
        if (holder is not null) data["holder"] = holder;
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["specversion"] = "1.0", ["id"] = id, ["source"] = "urn:bench:broker", ["type"] = "token.issued", ["time"] = Time(at),
            ["datacontenttype"] = "application/json", ["data"] = data,
        });
    }

    public static string Offboarded(string id, string person, DateTimeOffset at) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["specversion"] = "1.0", ["id"] = id, ["source"] = "urn:bench:hr", ["type"] = "identity.offboarded", ["time"] = Time(at),
            ["datacontenttype"] = "application/json",
            ["data"] = new Dictionary<string, object> { ["personId"] = person },
        });

    public static string Used(string id, string tokenId, DateTimeOffset at) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["specversion"] = "1.0", ["id"] = id, ["source"] = "urn:bench:broker", ["type"] = "token.used", ["time"] = Time(at),
            ["datacontenttype"] = "application/json",
            ["data"] = new Dictionary<string, object> { ["tokenId"] = tokenId },
        });

    /// <summary>One oauth2 provider and one class; writes it to a temp file and returns the path.</summary>
    public static string WritePolicy(string revocationEndpoint, string clientId, string clientSecretRef, string maxTtl, string onOwnerOffboarded, int maxRevocationsPerRun)
    {
        var policy = new Dictionary<string, object>
        {
            ["providers"] = new Dictionary<string, object>
            {
                ["bench"] = new Dictionary<string, object>
                {
                    ["kind"] = "oauth2", ["revocationEndpoint"] = revocationEndpoint, ["clientId"] = clientId, ["clientSecretRef"] = clientSecretRef,
                },
            },
            ["classes"] = new Dictionary<string, object>
            {
                [ClassName] = new Dictionary<string, object>
                {
                    ["owner"] = "class-owner@bench", ["provider"] = "bench", ["maxTtl"] = maxTtl, ["idleTimeout"] = "P7D",
                    ["onOwnerOffboarded"] = onOwnerOffboarded,
                },
            },
            ["sweep"] = new Dictionary<string, object> { ["maxRevocationsPerRun"] = maxRevocationsPerRun, ["maxRevokedFraction"] = 1.0 },
        };
        var path = Path.Combine(Path.GetTempPath(), $"revocation-bench-{Guid.NewGuid():N}.policies.json");
        File.WriteAllText(path, JsonSerializer.Serialize(policy));
        return path;
    }

    public const string ClassName = "bench";
}
