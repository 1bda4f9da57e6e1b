namespace Revocation.Pipeline.Tests;

internal static class Events
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    public static string Issued(string id, string tokenId, string cls, string owner, DateTimeOffset at, string credential = "{\"handle\":\"h\"}") =>
        $$$"""{"specversion":"1.0","id":"{{{id}}}","source":"urn:broker","type":"token.issued","time":"{{{Time(at)}}}","data":{"tokenId":{{{System.Text.Json.JsonSerializer.Serialize(tokenId)}}},"class":"{{{cls}}}","owner":"{{{owner}}}","issuedAt":"{{{Time(at)}}}","credential":{{{credential}}}}}""";

    /// <summary>An issuance published by <paramref name="source"/> (a partner), not the broker.</summary>
    public static string IssuedBy(string source, string id, string tokenId, string cls, string owner, DateTimeOffset at, string credential = "{\"handle\":\"h\"}") =>
        Issued(id, tokenId, cls, owner, at, credential).Replace("\"source\":\"urn:broker\"", $"\"source\":\"{source}\"", StringComparison.Ordinal);

    public static string Incident(string id, string selectorJson, string reason, DateTimeOffset at, bool confirm = false) =>
        $$$"""{"specversion":"1.0","id":"{{{id}}}","source":"urn:siem:playbook","type":"incident.declared","time":"{{{Time(at)}}}","data":{"selector":{{{selectorJson}}},"reason":{{{System.Text.Json.JsonSerializer.Serialize(reason)}}},"actor":"soc@contoso.com","confirm":{{{(confirm ? "true" : "false")}}}}}""";

    public static string Transfer(string id, string tokenId, string source, string from, string to, DateTimeOffset at) =>
        $$$"""{"specversion":"1.0","id":"{{{id}}}","source":"{{{source}}}","type":"token.transferred","time":"{{{Time(at)}}}","data":{"tokenId":"{{{tokenId}}}","fromOwner":"{{{from}}}","toOwner":"{{{to}}}"}}""";

    public static string Offboarded(string id, string person, DateTimeOffset at) =>
        $$$"""{"specversion":"1.0","id":"{{{id}}}","source":"urn:hr","type":"identity.offboarded","time":"{{{Time(at)}}}","data":{"personId":"{{{person}}}"}}""";

    public static string Policy(string revocationEndpoint = "http://127.0.0.1:9/revoke") => $$"""
        {
          "providers": { "corp": { "kind": "oauth2", "revocationEndpoint": "{{revocationEndpoint}}", "clientId": "broker", "clientSecretRef": "env:PIPELINE_TEST_OAUTH_SECRET" } },
          "classes": {
            "ci": { "owner": "owner@x", "provider": "corp", "maxTtl": "PT1H", "idleTimeout": "P7D", "onOwnerOffboarded": "revoke" },
            "batch": { "owner": "owner@x", "provider": "corp", "maxTtl": "P90D", "idleTimeout": "P7D", "transfer": { "allowedSources": ["urn:partner"] }, "onOwnerOffboarded": "reassign-to-class-owner" }
          },
          "sweep": { "maxRevocationsPerRun": 10, "maxRevokedFraction": 1.0 }
        }
        """;
}
