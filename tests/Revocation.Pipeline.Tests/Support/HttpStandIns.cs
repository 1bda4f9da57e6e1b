using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Revocation.Providers.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Revocation.Pipeline.Tests.Support;

/// <summary>
/// Graph and GitHub on one WireMock server for reconciliation end to end: application objects built from the test's
/// secrets (dates on the fake clock), removePassword, GitHub's installation token mint and the org PAT listing.
/// </summary>
internal sealed class HttpStandIns : IDisposable
{
    public const string Applications = "applications";
    public const string ServicePrincipals = "servicePrincipals";
    public const long InstallationId = 4242;

    public HttpStandIns()
    {
        Server = WireMockServer.Start();
        Graph = new GraphListingStandIn(Server);
    }

    public WireMockServer Server { get; }

    public GraphListingStandIn Graph { get; }

    public string Url => Server.Url!;

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>An application object as Graph lists it ($select + $expand=owners), with one user owner.</summary>
    public static string App(string objectId, string appId, string name, string owner, params (string KeyId, string DisplayName, DateTimeOffset Start)[] secrets) =>
        $$"""
        {"id":"{{objectId}}","appId":"{{appId}}","displayName":"{{name}}",
         "passwordCredentials":[{{string.Join(",", secrets.Select(s =>
            $$"""{"customKeyIdentifier":null,"displayName":"{{s.DisplayName}}","endDateTime":"{{Iso(s.Start.AddYears(2))}}","hint":"Ab1","keyId":"{{s.KeyId}}","secretText":null,"startDateTime":"{{Iso(s.Start)}}"}"""))}}],
         "keyCredentials":[],
         "owners":[{"@odata.type":"#microsoft.graph.user","id":"e0000000-0000-0000-0000-0000000000e1","userPrincipalName":"{{owner}}","mail":"{{owner}}"}]}
        """;

    /// <summary>No federated credentials for the applications <paramref name="objectIds"/> and no service principals.</summary>
    public void AnswerQuietRest(params string[] objectIds)
    {
        foreach (var id in objectIds) Graph.AnswerFederated(id, """{"value":[]}""");
        Graph.Answer(ServicePrincipals, null, 200, GraphListingStandIn.Page(null));
    }

    /// <summary>removePassword on the application answers 204 (the secret is removed; the listing is the test's to change).</summary>
    public void AnswerRemovePassword(string objectId) =>
        Server.Given(Request.Create().WithPath(RemovePasswordPath(objectId)).UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(204));

    public static string RemovePasswordPath(string objectId) => $"/v1.0/applications/{objectId}/removePassword";

    /// <summary>The removePassword calls for <paramref name="objectId"/>: their bodies.</summary>
    public List<string> RemovePasswordCalls(string objectId) =>
        [.. Server.LogEntries.Where(e => e.RequestMessage.Path == RemovePasswordPath(objectId) && e.RequestMessage.Method == "POST")
            .Select(e => e.RequestMessage.Body ?? "")];

    public int Requests(string path) => Server.LogEntries.Count(e => e.RequestMessage.Path == path);

    public int Responses(int status) => Server.LogEntries.Count(e => e.ResponseMessage.StatusCode is int s && s == status);

    /// <summary>GitHub's installation token mint: 201 with a token valid an hour past <paramref name="now"/>.</summary>
    public void AnswerGitHubMint(DateTimeOffset now) =>
        Server.Given(Request.Create().WithPath($"/app/installations/{InstallationId}/access_tokens").UsingPost()).RespondWith(Response.Create()
            .WithStatusCode(201).WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"token":"ghs_installation-token-for-tests","expires_at":"{{Iso(now.AddHours(1))}}"}"""));

    /// <summary>GitHub's fine-grained PAT listing for <paramref name="org"/>, one page.</summary>
    public void AnswerGitHubPats(string org, params (long Id, string Name, string Owner, DateTimeOffset Granted, DateTimeOffset? LastUsed)[] pats) =>
        Server.Given(Request.Create().WithPath($"/orgs/{org}/personal-access-tokens").UsingGet()).RespondWith(Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody("[" + string.Join(",", pats.Select(p => $$$"""
                {"id":{{{p.Id}}},"owner":{"login":"{{{p.Owner}}}","id":1,"type":"User"},"repository_selection":"all",
                 "permissions":{"organization":{},"repository":{"contents":"read"}},"access_granted_at":"{{{Iso(p.Granted)}}}",
                 "token_id":{{{p.Id + 1}}},"token_name":"{{{p.Name}}}","token_expired":false,"token_expires_at":"{{{Iso(p.Granted.AddYears(1))}}}",
                 "token_last_used_at":{{{LastUsed(p.LastUsed)}}}}
                """)) + "]"));

    private static string LastUsed(DateTimeOffset? at) => at is { } t ? $"\"{Iso(t)}\"" : "null";

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}

/// <summary>
/// Runs a reconcile against a <see cref="FakeTimeProvider"/>: the clock stands still until the stand-in has answered
/// as <c>waitFor</c> says (a 429 or 503), then moves a second every 20 ms until the run is done, so a Retry-After
/// wait passes on the fake clock while in-flight loopback calls are far from their (fake-clock) timeouts.
/// </summary>
internal static class ClockDriver
{
    public static async Task<T> RunAsync<T>(FakeTimeProvider time, Func<bool> waitFor, Func<Task<T>> run)
    {
        var task = Task.Run(run);
        for (var step = 0; !task.IsCompleted && step < 3_000; step++)
        {
            await Task.WhenAny(task, Task.Delay(20));
            if (!task.IsCompleted && waitFor()) time.Advance(TimeSpan.FromSeconds(1));
        }

        return await task;
    }
}
