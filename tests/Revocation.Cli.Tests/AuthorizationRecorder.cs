using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Revocation.Cli.Tests;

/// <summary>
/// Records the authorization scheme of every storage request as it leaves for the wire ("Bearer", "SharedKey",
/// "none"); never the credential itself.
/// </summary>
internal sealed class AuthorizationRecorder : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<string> _schemes = new();

    private readonly ConcurrentQueue<string> _methods = new();

    public IReadOnlyCollection<string> Schemes => [.. _schemes];

    /// <summary>Each request's method and path (no query: a SAS or a pop receipt never lands here).</summary>
    public IReadOnlyCollection<string> Requests => [.. _methods];

    public override void OnSendingRequest(HttpMessage message)
    {
        var scheme = message.Request.Headers.TryGetValue("Authorization", out var value) && !string.IsNullOrEmpty(value)
            ? value.Split(' ', 2)[0]
            : "none";
        _schemes.Enqueue(scheme);
        _methods.Enqueue($"{message.Request.Method} {message.Request.Uri.Path}");
    }

    /// <summary>Adds this recorder just before the transport, and the transport that trusts the test certificate.</summary>
    public Action<ClientOptions> Configure(HttpMessageHandler handler) => options =>
    {
        options.Transport = new HttpClientTransport(handler);
        options.AddPolicy(this, HttpPipelinePosition.BeforeTransport);
    };
}
