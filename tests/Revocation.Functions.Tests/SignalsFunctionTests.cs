using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Revocation.Core.Events;
using Revocation.Signals;
using Revocation.Storage;
using Revocation.Testing;

namespace Revocation.Functions.Tests;

/// <summary>
/// The Functions trigger class over HTTP: <see cref="SignalsFunction"/> composed by the app's composition root (with the
/// sample settings, Azurite and a policy registering one transmitter with an inline JWKS), behind Kestrel on loopback.
/// </summary>
public sealed class SignalsFunctionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Issuer = "https://idp.example/";
    private const string Audience = "https://revocation.contoso.test/api/signals";

    [Fact]
    public async Task RunAsync_SignedSetThenUnsignedOne_Queues202AndRefuses400()
    {
        var key = SetKeys.Generate("ES256", "idp-1");
        var policyFile = Path.Combine(Path.GetTempPath(), $"policies-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(policyFile, $$"""
            { "providers": { "p": { "kind": "webhook", "url": "https://hooks.example/revoke", "signingSecretRef": "env:SIGNALS_FN_TEST_SECRET" } },
              "classes": { "c": { "owner": "o@contoso.com", "provider": "p" } },
              "transmitters": { "idp": { "issuer": "{{Issuer}}", "source": "urn:idp", "audience": "{{Audience}}", "algorithms": ["ES256"],
                "keys": {{SetKeys.PublicJwks(key).ToJsonString()}}, "events": ["{{SetEventTypes.RiscAccountPurged}}"] } } }
            """);
        try
        {
            await using var app = await StartAsync(policyFile);
            var queue = StorageClients.FromConnectionString(azurite.ConnectionString).Queues.GetQueueClient(QueueNames.IdentityEvents);
            var claims = SetSigner.Claims(Issuer, Audience, "purge-1", DateTimeOffset.UtcNow, SetEventTypes.RiscAccountPurged, [],
                new JsonObject { ["format"] = "iss_sub", ["iss"] = Issuer, ["sub"] = "0c8e2a44-9d1f-4c8e-bb2a-1f7f3b0c9d10" });

            var accepted = await PostAsync(app, SetSigner.Sign(claims, SetKeys.ReadPrivate(key.ToJsonString()), "ES256"));
            var refused = await PostAsync(app, Base64UrlEncoder.Encode("{\"alg\":\"none\"}") + "." + Base64UrlEncoder.Encode(claims.ToJsonString()) + ".");

            Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
            var message = Assert.Single((await queue.ReceiveMessagesAsync(32)).Value);
            using var queued = JsonDocument.Parse(message.Body.ToString());
            Assert.Equal(("purge-1", "urn:idp", EventTypes.IdentityOffboarded), (queued.RootElement.GetProperty("id").GetString(),
                queued.RootElement.GetProperty("source").GetString(), queued.RootElement.GetProperty("type").GetString()));
            Assert.Equal("0c8e2a44-9d1f-4c8e-bb2a-1f7f3b0c9d10", queued.RootElement.GetProperty("data").GetProperty("personId").GetString());
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal(SignalErrors.AuthenticationFailed, JsonNode.Parse(refused.Body)!["err"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(policyFile);
        }
    }

    private async Task<WebApplication> StartAsync(string policyFile)
    {
        Environment.SetEnvironmentVariable("SIGNALS_FN_TEST_SECRET", "webhook-signing-secret");
        var settings = CompositionTests.SampleSettings();
        settings["RevocationStorage"] = azurite.ConnectionString;
        settings["Revocation:PolicyFile"] = policyFile;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRevocationFunctions(configuration);
        var app = builder.Build();
        await StorageProvisioner.EnsureAsync(app.Services.GetRequiredService<StorageClients>(), CancellationToken.None);
        var function = ActivatorUtilities.CreateInstance<SignalsFunction>(app.Services);
        // What the Functions host does for an HTTP trigger: bind the request, run the function, execute its IActionResult.
        app.MapPost("/api/signals", async (HttpContext context) =>
        {
            var result = await function.RunAsync(context.Request, context.RequestAborted);
            await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(WebApplication app, string set)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var content = new StringContent(set);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/secevent+jwt");
        using var response = await http.PostAsync(new Uri("/api/signals", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
