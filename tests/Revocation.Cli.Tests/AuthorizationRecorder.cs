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

    public IReadOnlyCollection<string> Schemes => [.. _schemes];

    public override void OnSendingRequest(HttpMessage message)
    {
        var scheme = message.Request.Headers.TryGetValue("Authorization", out var value) && !string.IsNullOrEmpty(value)
            ? value.Split(' ', 2)[0]
            : "none";
        _schemes.Enqueue(scheme);
    }

    /// <summary>Adds this recorder just before the transport, and the transport that trusts the test certificate.</summary>
    public Action<ClientOptions> Configure(HttpMessageHandler handler) => options =>
    {
        options.Transport = new HttpClientTransport(handler);
        options.AddPolicy(this, HttpPipelinePosition.BeforeTransport);
    };
}
