using Revocation.Core.Events;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;

namespace Revocation.Core.Tests;

internal static class TestEvents
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    public static PolicyDocument Policy(bool transferable = true) => PolicyLoader.Parse($$"""
        {
          "providers": { "p": { "kind": "oauth2", "revocationEndpoint": "https://login.example.com/revoke", "clientId": "c", "clientSecretRef": "env:S" } },
          "classes": {
            "ci": { "owner": "owner@x", "provider": "p", "maxTtl": "P1D", "idleTimeout": "PT6H"{{(transferable ? ", \"transfer\": { \"allowedSources\": [\"urn:partner\"] }" : "")}} }
          }
        }
        """);

    public static EventEnvelope Env(string id, string type, DateTimeOffset time, string source = "urn:broker") => new(id, source, type, time);

    public static TokenIssued Issued(string id, DateTimeOffset at, string owner = "alice") =>
        new(Env(id, EventTypes.TokenIssued, at), "tok", "ci", owner, null, at, null, null, null, new CredentialReference("h", null));

    public static TokenTransferred Transfer(string id, DateTimeOffset at, string from, string to, string source = "urn:partner") =>
        new(Env(id, EventTypes.TokenTransferred, at, source), "tok", from, to, null);

    public static TokenUsed Used(string id, DateTimeOffset at) => new(Env(id, EventTypes.TokenUsed, at), "tok", at);
}
