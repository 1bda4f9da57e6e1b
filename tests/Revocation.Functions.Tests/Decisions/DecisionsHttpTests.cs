using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Revocation.Http;
using Revocation.Testing;
using static Revocation.Functions.Tests.Decisions.DecisionFixture;

namespace Revocation.Functions.Tests.Decisions;

/// <summary>What the endpoint answers to callers without a key, and to bodies it cannot take: a status and a problem naming the field.</summary>
public sealed class DecisionsHttpTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly string _policyFile = DecisionsFunctionTests.WritePolicy(Policy);
    private FunctionsApiHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionsApiHost.StartAsync(azurite.ConnectionString, _policyFile, new FakeTimeProvider(Start));

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("")]
    public async Task Post_MissingOrBadKey_401(string? key)
    {
        using var request = Request("""{"tokenId":"t","holder":"h"}""");
        request.Headers.Remove(ApiKeyCheck.HeaderName);
        if (key is not null) request.Headers.TryAddWithoutValidation(ApiKeyCheck.HeaderName, key);
        using var client = new HttpClient { BaseAddress = _host.Client.BaseAddress };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_KeyInCodeParameter_Answers()
    {
        using var client = new HttpClient { BaseAddress = _host.Client.BaseAddress };
        using var response = await client.PostAsync(new Uri("/api/decisions?code=" + FunctionsApiHost.Key, UriKind.Relative),
            new StringContent("""{"tokenId":"t","holder":"h"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{", "body")]
    [InlineData("[]", "body")]
    [InlineData("\"x\"", "body")]
    [InlineData("", "body")]
    [InlineData("""{"holder":"h"}""", "$.tokenId")]
    [InlineData("""{"tokenId":"t"}""", "$.holder")]
    [InlineData("""{"tokenId":42,"holder":"h"}""", "$.tokenId")]
    [InlineData("""{"tokenId":"  ","holder":"h"}""", "$.tokenId")]
    [InlineData("""{"tokenId":"t","holder":"a\u0000b"}""", "$.holder")]
    [InlineData("""{"tokenId":"t","holder":"a\u001bb"}""", "$.holder")]
    [InlineData("""{"tokenId":"t","holder":"h","scope":"read\nwrite"}""", "$.scope")]
    [InlineData("""{"tokenId":"t","holder":"h","scope":{"a":1}}""", "$.scope")]
    [InlineData("""{"tokenId":"t","holder":"h","task":["x"]}""", "$.task")]
    public async Task Post_MalformedBody_400NamingTheField(string body, string field)
    {
        using var response = await _host.Client.SendAsync(Request(body));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Post_DeepNesting_400NamingTheBody()
    {
        var body = """{"tokenId":"t","holder":"h","x":""" + new string('[', 500) + new string(']', 500) + "}";
        using var response = await _host.Client.SendAsync(Request(body));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task Post_HugeTokenIdWithinTheLimit_400NamingIt()
    {
        using var response = await _host.Client.SendAsync(Request(JsonSerializer.Serialize(new { tokenId = new string('é', 300), holder = "h" })));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "$.tokenId");
    }

    [Fact]
    public async Task Post_OverTheLimit_413WithoutReadingIt()
    {
        var body = JsonSerializer.Serialize(new { tokenId = "t", holder = "h", pad = new string('a', DecisionsEndpoint.MaxBodyBytes) });
        using var response = await _host.Client.SendAsync(Request(body));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_ChunkedOverTheLimit_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"tokenId\":\"" + new string('a', 10_000) + "\",\"holder\":\"h\"}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/decisions") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Post_NotJson_415(string? mediaType)
    {
        using var request = Request("""{"tokenId":"t","holder":"h"}""");
        request.Content!.Headers.ContentType = mediaType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("a/b#c?d\\e%f")]
    [InlineData("~state")]
    [InlineData("~system")]
    [InlineData("'; DROP TABLE ledger --")]
    [InlineData("\u202Eevil")]
    public async Task Post_IdsThatAreNotKeySafe_AnsweredUnknownWithoutTouchingOtherRows(string tokenId)
    {
        var answer = await DecideAsync(_host.Client, tokenId);
        Assert.Equal(["unknown-token"], answer.Reasons);
        Assert.Null(answer.State);
    }

    [Fact]
    public async Task Post_AfterHostileBodies_StillAnswers()
    {
        foreach (var body in new[] { "{", new string('{', 3000), "\u0000", """{"tokenId":"t","holder":"h","scope":"x"}""" })
            using (await _host.Client.SendAsync(Request(body))) { }
        var answer = await DecideAsync(_host.Client, NewTokenId());
        Assert.Equal(["unknown-token"], answer.Reasons);
    }

    private static HttpRequestMessage Request(string body) =>
        new(HttpMethod.Post, "/api/decisions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        Assert.Equal(field, doc.RootElement.GetProperty("field").GetString());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        File.Delete(_policyFile);
    }
}
