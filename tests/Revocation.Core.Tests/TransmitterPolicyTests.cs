using Json.Schema;
using Revocation.Core.Events;
using Revocation.Core.Policy;

namespace Revocation.Core.Tests;

/// <summary>The <c>transmitters</c> section of the policy file: what the loader and the schema accept and refuse, by field.</summary>
public class TransmitterPolicyTests
{
    private const string RsaPublic = """{ "kty": "RSA", "kid": "k1", "n": "sXch", "e": "AQAB" }""";

    private static string Policy(string transmitters) =>
        $$"""{ "providers": {}, "classes": {}, "transmitters": {{transmitters}} }""";

    private static string One(string fields) =>
        Policy($$"""{ "acme": { "issuer": "https://acme.example/", "source": "urn:partner:acme", "audience": "https://rx.example/", {{fields}} } }""");

    private const string Events = $$"""
        "events": ["{{SetEventTypes.OwnPrefix}}token.transferred", "{{SetEventTypes.RiscAccountDisabled}}"]
        """;

    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "RevocationFunctions.sln"))) dir = dir.Parent;
        return JsonSchema.FromText(File.ReadAllText(Path.Combine(dir.FullName, "schemas", "policies.schema.json")).Replace(
            "policies.schema.json\"", "policies.transmitters-test.schema.json\"", StringComparison.Ordinal));
    });

    private static bool SchemaAccepts(string json) => Schema.Value.Evaluate(System.Text.Json.JsonDocument.Parse(json).RootElement).IsValid;

    [Fact]
    public void Parse_InlineKeysAndJwksUri_LoadBothWithDefaults()
    {
        var json = Policy($$"""
            { "acme": { "issuer": "https://acme.example/", "source": "urn:partner:acme", "audience": "https://rx.example/",
                        "keys": { "keys": [ {{RsaPublic}} ] }, {{Events}} },
              "okta": { "issuer": "https://okta.example/", "source": "urn:idp:okta", "audience": "https://rx.example/",
                        "jwksUri": "https://okta.example/jwks", "algorithms": ["ES256"], "events": ["{{SetEventTypes.RiscAccountPurged}}"] } }
            """);

        var policy = PolicyLoader.Parse(json);

        Assert.True(SchemaAccepts(json));
        Assert.Equal(["RS256", "PS256", "ES256"], policy.Transmitters["acme"].Algorithms);
        Assert.Contains("\"kid\": \"k1\"", policy.Transmitters["acme"].KeysJson, StringComparison.Ordinal);
        Assert.Equal(new Uri("https://okta.example/jwks"), policy.FindTransmitter("https://okta.example/")!.JwksUri);
        Assert.Null(policy.FindTransmitter("https://OKTA.example/"));
    }

    [Theory]
    [InlineData("\"keys\": { \"keys\": [ " + RsaPublic + " ] }, \"algorithms\": [\"none\"], " + Events, "$.transmitters['acme'].algorithms[0]: 'none' is not allowed")]
    [InlineData("\"keys\": { \"keys\": [ " + RsaPublic + " ] }, \"algorithms\": [\"RS256\", \"HS256\"], " + Events, "$.transmitters['acme'].algorithms[1]: 'HS256' is not allowed")]
    [InlineData("\"keys\": { \"keys\": [ { \"kty\": \"RSA\", \"n\": \"x\", \"e\": \"AQAB\", \"d\": \"secret\" } ] }, " + Events, "$.transmitters['acme'].keys.keys[0].d: private or symmetric key material")]
    [InlineData("\"keys\": { \"keys\": [ { \"kty\": \"oct\", \"k\": \"c2VjcmV0\" } ] }, " + Events, "$.transmitters['acme'].keys.keys[0].kty: must be RSA or EC")]
    [InlineData("\"keys\": { \"keys\": [] }, " + Events, "$.transmitters['acme'].keys: must be a JWKS")]
    [InlineData("\"jwksUri\": \"http://acme.example/jwks\", " + Events, "$.transmitters['acme'].jwksUri: must be an absolute https URL (http only on loopback)")]
    [InlineData("\"jwksUri\": \"https://acme.example/jwks\", \"keys\": { \"keys\": [ " + RsaPublic + " ] }, " + Events, "$.transmitters['acme']: needs exactly one of keys")]
    [InlineData(Events, "$.transmitters['acme']: needs exactly one of keys")]
    [InlineData("\"jwksUri\": \"https://acme.example/jwks\", \"events\": [\"https://schemas.openid.net/secevent/caep/event-type/session-revoked\"]", "$.transmitters['acme'].events[0]: 'https://schemas.openid.net/secevent/caep/event-type/session-revoked' is not an event type")]
    [InlineData("\"jwksUri\": \"https://acme.example/jwks\"", "$.transmitters['acme'].events: is required")]
    [InlineData("\"jwksUri\": \"https://acme.example/jwks\", \"events\": [\"urn:nhi-revocation:event:incident.declared\"]", "$.transmitters['acme'].events[0]: 'urn:nhi-revocation:event:incident.declared' is not an event type")]
    public void Parse_BadTransmitter_IsRefusedNamingTheField(string fields, string problem)
    {
        var json = One(fields);

        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.Parse(json));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.False(SchemaAccepts(json));
    }

    [Fact]
    public void Parse_TwoTransmittersWithOneIssuer_IsRefused()
    {
        var json = Policy($$"""
            { "a": { "issuer": "https://acme.example/", "source": "urn:a", "audience": "x", "jwksUri": "https://a.example/jwks", {{Events}} },
              "b": { "issuer": "https://acme.example/", "source": "urn:b", "audience": "x", "jwksUri": "https://b.example/jwks", {{Events}} } }
            """);

        var e = Assert.Throws<PolicyValidationException>(() => PolicyLoader.Parse(json));

        Assert.Contains("$.transmitters['b'].issuer: 'https://acme.example/' is already the issuer of transmitter 'a'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReservedSourceOrLoopbackHttp_RefusesOnlyTheReservedSource()
    {
        var loopback = One("\"jwksUri\": \"http://127.0.0.1:5000/jwks\", " + Events);
        var reserved = One("\"jwksUri\": \"https://acme.example/jwks\", " + Events).Replace("urn:partner:acme", "urn:revocation:pipeline", StringComparison.Ordinal);

        Assert.Equal(new Uri("http://127.0.0.1:5000/jwks"), PolicyLoader.Parse(loopback).Transmitters["acme"].JwksUri);
        Assert.True(SchemaAccepts(loopback));
        Assert.Contains("$.transmitters['acme'].source: 'urn:revocation:pipeline' is reserved",
            Assert.Throws<PolicyValidationException>(() => PolicyLoader.Parse(reserved)).Message, StringComparison.Ordinal);
        Assert.False(SchemaAccepts(reserved));
    }
}
