using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Revocation.Testing;

/// <summary>
/// The loopback OAuth 2.0 server (tools/oauth-server/server.mjs, oidc-provider) on a free port, with the
/// default clients <c>broker</c>/<c>broker-secret</c> and <c>auditor</c>/<c>auditor-secret</c>. Use it as an
/// xunit class or collection fixture, or call <see cref="StartAsync"/> and dispose it yourself.
/// </summary>
public sealed partial class OAuthServerFixture : IAsyncLifetime, IAsyncDisposable
{
    private const string ListeningPrefix = "LISTENING ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private ServiceProcess? _process;
    private Uri? _issuer;

    /// <summary>The issuer, e.g. <c>http://127.0.0.1:41234/</c> (see <see cref="IssuerIdentifier"/> for the exact <c>iss</c>).</summary>
    public Uri Issuer => _issuer ?? throw new InvalidOperationException("The OAuth server is not started.");

    /// <summary>The issuer exactly as the server writes it in <c>iss</c> (no trailing slash).</summary>
    public string IssuerIdentifier => Issuer.GetLeftPart(UriPartial.Authority);

    public Uri TokenEndpoint => new(Issuer, "token");

    public Uri RevocationEndpoint => new(Issuer, "token/revocation");

    public Uri IntrospectionEndpoint => new(Issuer, "token/introspection");

    /// <summary>The server (node) process id, for checks that it is gone after disposal.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The OAuth server is not started.");

    /// <summary>How long the start took (process start until the LISTENING line).</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Starts the server outside xunit; dispose the result to stop it.</summary>
    public static async Task<OAuthServerFixture> StartAsync(CancellationToken cancellationToken = default)
    {
        var fixture = new OAuthServerFixture();
        try
        {
            await fixture.StartCoreAsync(cancellationToken);
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client-credentials access token (opaque) issued to <paramref name="clientId"/>.</summary>
    public async Task<string> GetClientCredentialsTokenAsync(
        string clientId = "broker", string secret = "broker-secret", string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var response = await PostAsync(TokenEndpoint, form, clientId, secret);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Token request failed: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()
            ?? throw new InvalidOperationException($"No access_token in {body}");
    }

    /// <summary>RFC 7662 introspection (by the <c>auditor</c> client unless told otherwise): is the token active?</summary>
    public async Task<bool> IsActiveAsync(string token, string clientId = "auditor", string secret = "auditor-secret")
    {
        var form = new Dictionary<string, string> { ["token"] = token };
        using var response = await PostAsync(IntrospectionEndpoint, form, clientId, secret);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Introspection failed: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("active").GetBoolean();
    }

    /// <summary>RFC 7009 revocation of an access token by <paramref name="clientId"/>; the caller disposes the response.</summary>
    public Task<HttpResponseMessage> RevokeAsync(
        string token, string clientId = "broker", string secret = "broker-secret")
    {
        var form = new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = "access_token" };
        return PostAsync(RevocationEndpoint, form, clientId, secret);
    }

    /// <summary>An HTTP Basic authorization header for a client (RFC 6749 §2.3.1 form-encodes id and secret).</summary>
    public static AuthenticationHeaderValue BasicAuth(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));

    Task IAsyncLifetime.InitializeAsync() => StartCoreAsync(CancellationToken.None);

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private async Task<HttpResponseMessage> PostAsync(
        Uri endpoint, Dictionary<string, string> form, string clientId, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Headers.Authorization = BasicAuth(clientId, secret);
        request.Content = new FormUrlEncodedContent(form);
        return await _http.SendAsync(request);
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        RepoRoot.RequireNodeModule("oidc-provider");
        var script = Path.Combine(RepoRoot.Path, "tools", "oauth-server", "server.mjs");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopwatch = Stopwatch.StartNew();
        void OnLine(string line)
        {
            if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
            {
                listening.TrySetResult(line[ListeningPrefix.Length..].Trim());
            }
        }

        string[] arguments = _storeFile is null
            ? [script, "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : [script, "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", _storeFile];
        _process = ServiceProcess.Start("node", arguments, RepoRoot.Path, OnLine, "The OAuth server");

        try
        {
            _issuer = new Uri(await WaitForListeningAsync(_process, listening.Task, cancellationToken) + "/");
            StartupTime = stopwatch.Elapsed;
        }
        catch
        {
            // Stop it here rather than rely on the caller disposing a fixture whose start failed.
            await _process.DisposeAsync();
            _process = null;
            throw;
        }
    }

    private static async Task<string> WaitForListeningAsync(
        ServiceProcess process, Task<string> listening, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            return await Readiness.WaitForAsync(process, listening, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"The OAuth server printed no LISTENING line within {StartTimeout.TotalSeconds} s: {process.Describe()}");
        }
    }
}
