using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Revocation.Core.Events;
using Revocation.Signals;

namespace Revocation.Pipeline.Tests.Signals;

/// <summary>
/// Hostile SETs over HTTP: each is answered 400 with its RFC 8935 code, kept with its reason (without its signature), and
/// nothing reaches the intake queues.
/// </summary>
public sealed class HostileSignalTests : IAsyncLifetime
{
    private SignalStand _stand = null!;

    public async Task InitializeAsync() => _stand = await SignalStand.StartAsync(Events.Policy());

    public async Task DisposeAsync() => await _stand.DisposeAsync();

    private JsonObject Transfer(string jti, DateTimeOffset? iat = null, string? issuer = null, string? audience = null,
        string type = SetEventTypes.OwnPrefix + "token.transferred") =>
        _stand.Partner.Claims(jti, type, new JsonObject { ["tokenId"] = "corp:batch-1", ["fromOwner"] = "carol@contoso.com", ["toOwner"] = "eve@evil.example" },
            iat, issuer: issuer, audience: audience);

    private string Hostile(string name) => name switch
    {
        "alg-none" => TestTransmitter.Unsigned(Transfer("h-none")),
        "hs256-with-public-key" => _stand.Partner.Sign(Transfer("h-hs256"), new SymmetricSecurityKey(_stand.Partner.PublicKeyBytes) { KeyId = TestTransmitter.Kid }, "HS256"),
        "wrong-key" => _stand.Partner.Sign(Transfer("h-wrong-key"), _stand.Partner.Attacker),
        "unknown-kid" => _stand.Partner.Sign(Transfer("h-kid"), SetKeys.ReadPrivate(SetKeys.Generate("RS256", "made-up-kid").ToJsonString())),
        "wrong-iss" => _stand.Partner.Sign(Transfer("h-iss", issuer: "https://evil.example/")),
        "wrong-aud" => _stand.Partner.Sign(Transfer("h-aud", audience: "https://someone-else.example/")),
        "expired-iat" => _stand.Partner.Sign(Transfer("h-old", iat: DateTimeOffset.UtcNow.AddDays(-2))),
        "future-iat" => _stand.Partner.Sign(Transfer("h-future", iat: DateTimeOffset.UtcNow.AddHours(1))),
        "type-not-allowed" => _stand.Partner.Sign(Transfer("h-type", type: SetEventTypes.OwnPrefix + "token.issued")),
        "unknown-type" => _stand.Partner.Sign(Transfer("h-unknown", type: "https://schemas.openid.net/secevent/caep/event-type/session-revoked")),
        "truncated" => _stand.Partner.Sign(Transfer("h-trunc"))[..^20],
        "two-segments" => string.Join('.', _stand.Partner.Sign(Transfer("h-two")).Split('.')[..2]),
        "hanging-jwks" => _stand.Partner.Sign(Transfer("h-slow", issuer: SignalPolicies.SlowIssuer)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("alg-none", SignalErrors.AuthenticationFailed)]
    [InlineData("hs256-with-public-key", SignalErrors.InvalidKey)]
    [InlineData("wrong-key", SignalErrors.AuthenticationFailed)]
    [InlineData("unknown-kid", SignalErrors.InvalidKey)]
    [InlineData("wrong-iss", SignalErrors.InvalidIssuer)]
    [InlineData("wrong-aud", SignalErrors.InvalidAudience)]
    [InlineData("expired-iat", SignalErrors.InvalidRequest)]
    [InlineData("future-iat", SignalErrors.InvalidRequest)]
    [InlineData("type-not-allowed", SignalErrors.AccessDenied)]
    [InlineData("unknown-type", SignalErrors.InvalidRequest)]
    [InlineData("truncated", SignalErrors.AuthenticationFailed)]
    [InlineData("two-segments", SignalErrors.InvalidRequest)]
    [InlineData("hanging-jwks", SignalErrors.InvalidKey)]
    public async Task Post_HostileSet_Answers400WithItsCodeKeepsItWithoutSignatureAndQueuesNothing(string name, string err)
    {
        var set = Hostile(name);
        var clock = Stopwatch.StartNew();

        using var response = await _stand.PostAsync(set);
        clock.Stop();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(err, answer["err"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(answer["description"]!.GetValue<string>()));
        var kept = Assert.Single(await _stand.RefusedAsync());
        Assert.StartsWith(err + ": ", kept.Reason, StringComparison.Ordinal);
        var signature = set.Split('.') is { Length: 3 } parts ? parts[2] : "";
        if (signature.Length > 0) Assert.DoesNotContain(signature, kept.Body, StringComparison.Ordinal);
        Assert.Equal(0, await _stand.QueuedAsync());
        // The hanging JWKS answers in 40 s; the receiver's bound is 5 s (a wide margin: this is not a timing benchmark).
        if (name == "hanging-jwks") Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task Post_OneMegabyteBody_Answers400InvalidRequestAndKeepsAnote()
    {
        var set = _stand.Partner.Sign(Transfer("h-big"));
        using var response = await _stand.PostAsync(set + new string('A', 1024 * 1024));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(SignalErrors.InvalidRequest, answer.RootElement.GetProperty("err").GetString());
        Assert.Contains("larger than 65536 bytes", answer.RootElement.GetProperty("description").GetString(), StringComparison.Ordinal);
        var kept = Assert.Single(await _stand.RefusedAsync());
        Assert.StartsWith(SignalErrors.InvalidRequest, kept.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await _stand.QueuedAsync());
    }

    [Fact]
    public async Task Post_WrongContentType_Answers400InvalidRequest()
    {
        using var response = await _stand.PostAsync(_stand.Partner.Sign(Transfer("h-ct")), "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("application/secevent+jwt", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await _stand.RefusedAsync());
        Assert.Equal(0, await _stand.QueuedAsync());
    }

    [Fact]
    public async Task Post_MalformedBodies_EachAnswers400AndIsKept()
    {
        static string B64(string text) => Base64UrlEncoder.Encode(text);
        var signed = _stand.Partner.Sign(Transfer("h-shapes")).Split('.');
        string[] bodies =
        [
            "", "   ", "not a jwt", "a.b.c", "....", "eyJ.eyJ.x", B64("[1,2]") + "." + signed[1] + "." + signed[2],
            signed[0] + "." + B64("[\"iss\"]") + "." + signed[2], signed[0] + "." + B64("\"text\"") + "." + signed[2],
            signed[0] + "." + B64(new string('[', 5000) + new string(']', 5000)) + "." + signed[2],
            signed[0] + "." + signed[1] + "." + signed[2] + ".extra.segment", B64("{\"alg\":\"RS256\"}") + "." + B64("{}") + "." + signed[2],
            signed[0] + "." + "%%%%" + "." + signed[2], "\u00ff\u00fe" + string.Join('.', signed),
        ];

        foreach (var body in bodies)
        {
            using var response = await _stand.PostAsync(body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"'{body[..Math.Min(body.Length, 40)]}': {(int)response.StatusCode} {text}");
            Assert.False(string.IsNullOrEmpty(JsonNode.Parse(text)!["err"]!.GetValue<string>()));
        }
        Assert.Equal(bodies.Length, (await _stand.RefusedAsync()).Count);
        Assert.Equal(0, await _stand.QueuedAsync());
    }
}
