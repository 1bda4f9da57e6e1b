using System.Globalization;
using System.Security.Cryptography;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Revocation.Core.Discovery;
using Revocation.Core.Policy;
using Revocation.Core.Revocation;
using Revocation.Core.Secrets;
using Revocation.Providers.Graph;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Revocation.Providers.Tests.Support;

/// <summary>
/// The real composition (AddRevocationProviders: named clients, standard resilience handler) pointed at a
/// WireMock server, with in-memory secrets, a fake Graph credential and a collecting logger.
/// </summary>
public sealed class ProviderHost : IDisposable
{
    public const string TokenValue = "tok-SECRET-7f3c9a1e5b";
    public const string ClientSecret = "client-SECRET-42";
    /// <summary>The installation token the fake GitHub mints (<see cref="AnswerAppTokenMint"/>).</summary>
    public const string AppToken = "app-SECRET-ghs-99";
    public const string AppId = "31337";
    public const long InstallationId = 777;
    public const string MintPath = "/app/installations/777/access_tokens";
    public const string SigningKey = "signing-SECRET-key";

    private readonly ServiceProvider services;

    public ProviderHost(TimeProvider? time = null)
    {
        Server = WireMockServer.Start();
        Secrets = new InMemorySecretStore();
        Secrets.Put("token", TokenValue);
        Secrets.Put("client", ClientSecret);
        Secrets.Put("app-key", AppKey.ExportRSAPrivateKeyPem());
        Secrets.Put("signing", SigningKey);

        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace));
        collection.AddFakeLogging();
        collection.AddSingleton(time ?? TimeProvider.System);
        collection.AddSingleton<ISecretStore>(Secrets);
        collection.AddKeyedSingleton<TokenCredential>(GraphRevocationProvider.CredentialKey, Credential);
        collection.AddRevocationProviders(new ConfigurationBuilder().Build());
        services = collection.BuildServiceProvider();
    }

    public WireMockServer Server { get; }

    /// <summary>The GitHub App's key (in the store as <c>mem:app-key</c>, PKCS#1 PEM as GitHub hands it out); one per run.</summary>
    public static RSA AppKey { get; } = RSA.Create(2048);

    public InMemorySecretStore Secrets { get; }

    public FakeTokenCredential Credential { get; } = new();

    public Uri BaseAddress => new(Server.Url!);

    public FakeLogCollector Logs => services.GetFakeLogCollector();

    public IRevocationProvider Provider(string kind) =>
        services.GetServices<IRevocationProvider>().Single(p => p.Kind == kind);

    public ICredentialInventory Inventory(string kind) =>
        services.GetServices<ICredentialInventory>().Single(p => p.Kind == kind);

    public ProviderPolicy Policy(string kind, TimeSpan? timeout = null) => new()
    {
        Name = "test-" + kind,
        Kind = kind,
        RevocationEndpoint = new Uri(BaseAddress, "/oauth2/revoke"),
        ClientId = "revoker client",
        ClientSecretRef = "mem:client",
        BaseAddress = BaseAddress,
        Organization = "contoso",
        AppId = AppId,
        AppPrivateKeyRef = "mem:app-key",
        InstallationId = InstallationId,
        Url = new Uri(BaseAddress, "/hooks/revoke"),
        SigningSecretRef = "mem:signing",
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    public Task<RevocationOutcome> RevokeAsync(string kind, string? handle, string? secretRef = "mem:token", ProviderPolicy? policy = null, CancellationToken cancellationToken = default) =>
        Provider(kind).RevokeAsync(
            new ProviderRevocation("corp:tok-1", policy ?? Policy(kind), new CredentialReference(handle, secretRef), "expired"),
            cancellationToken);

    /// <summary>GitHub's installation token mint answers 201 with <see cref="AppToken"/>, valid until <paramref name="expiresAt"/>.</summary>
    public void AnswerAppTokenMint(DateTimeOffset expiresAt) =>
        Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(MintPath).UsingPost()).AtPriority(-1).RespondWith(Response.Create()
            .WithStatusCode(201).WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"token":"{{AppToken}}","expires_at":"{{expiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}"}"""));

    public int Calls(string path) => Server.LogEntries.Count(e => e.RequestMessage.Path == path);

    public void Dispose()
    {
        services.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}
