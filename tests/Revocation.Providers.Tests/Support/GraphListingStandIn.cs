using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Revocation.Providers.Tests.Support;

/// <summary>Microsoft Graph's listing shapes on WireMock: collection pages with @odata.nextLink, errors, throttling.</summary>
public sealed class GraphListingStandIn(WireMockServer server)
{
    public const string AppA = "a0000000-0000-0000-0000-00000000000a";
    public const string AppB = "b0000000-0000-0000-0000-00000000000b";
    public const string Sp = "c0000000-0000-0000-0000-00000000000c";
    public const string KeyA = "1a000000-0000-0000-0000-000000000001";
    public const string CertA = "2a000000-0000-0000-0000-000000000002";
    public const string KeyB = "1b000000-0000-0000-0000-000000000001";
    public const string KeySp = "1c000000-0000-0000-0000-000000000001";

    public static string AppAJson => $$"""
        {"id":"{{AppA}}","appId":"aaaa1111-0000-0000-0000-000000000000","displayName":"Payroll",
         "passwordCredentials":[{"customKeyIdentifier":null,"displayName":"ci secret","endDateTime":"2027-01-01T00:00:00Z",
           "hint":"Xy1","keyId":"{{KeyA}}","secretText":null,"startDateTime":"2026-01-01T00:00:00Z"}],
         "keyCredentials":[{"customKeyIdentifier":"AB12","displayName":"CN=payroll","endDateTime":"2028-06-30T12:00:00Z",
           "key":null,"keyId":"{{CertA}}","startDateTime":"2026-06-30T12:00:00Z","type":"AsymmetricX509Cert","usage":"Verify"}],
         "owners":[{"@odata.type":"#microsoft.graph.servicePrincipal","id":"d0000000-0000-0000-0000-000000000001"},
           {"@odata.type":"#microsoft.graph.user","id":"e0000000-0000-0000-0000-000000000001","userPrincipalName":"alice@contoso.com","mail":"alice@contoso.com"}]}
        """;

    public static string AppBJson => $$"""
        {"id":"{{AppB}}","appId":"bbbb1111-0000-0000-0000-000000000000","displayName":"Billing",
         "passwordCredentials":[{"displayName":null,"endDateTime":"2026-12-01T00:00:00Z","keyId":"{{KeyB}}","startDateTime":"2026-06-01T00:00:00Z"}],
         "keyCredentials":[],"owners":[{"@odata.type":"#microsoft.graph.user","id":"e2","userPrincipalName":null,"mail":"bob@contoso.com"}]}
        """;

    public static string SpJson => $$"""
        {"id":"{{Sp}}","appId":"cccc1111-0000-0000-0000-000000000000","displayName":"Payroll SP",
         "passwordCredentials":[{"displayName":"sp secret","endDateTime":"2027-03-01T00:00:00Z","keyId":"{{KeySp}}","startDateTime":"2026-03-01T00:00:00Z"}],
         "keyCredentials":[{"keyId":"3c000000-0000-0000-0000-000000000003","type":"AsymmetricX509Cert","usage":"Verify"}],"owners":[]}
        """;

    public string NextLink(string collection, string token) =>
        $"{server.Url}/v1.0/{collection}?$select=id&$expand=owners&$top=100&$skiptoken={token}";

    public static string Page(string? nextLink, params string[] items) =>
        $$"""{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#applications","value":[{{string.Join(",", items)}}]{{(nextLink is null ? "" : $",\"@odata.nextLink\":\"{nextLink}\"")}}}""";

    /// <summary>The first page (no $skiptoken) or, with <paramref name="token"/>, the page it names.</summary>
    public void Answer(string collection, string? token, int status, string body, string? scenario = null, string? whenState = null,
        string? setState = null, params (string Name, string Value)[] headers)
    {
        var request = Request.Create().WithPath("/v1.0/" + collection).UsingGet();
        request = token is null ? request : request.WithParam("$skiptoken", token);
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        var given = server.Given(request).AtPriority(token is null ? 10 : 5);
        if (scenario is not null)
        {
            given = given.InScenario(scenario);
            given = whenState is null ? given : given.WhenStateIs(whenState);
            given = setState is null ? given : given.WillSetStateTo(setState);
        }

        given.RespondWith(response);
    }

    public void AnswerFederated(string appId, string body) =>
        server.Given(Request.Create().WithPath($"/v1.0/applications/{appId}/federatedIdentityCredentials").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

    public static string Error(string code) => "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\",\"innerError\":{\"request-id\":\"r\"}}}";
}
