using System.Collections.Concurrent;
using Revocation.Core.Revocation;

namespace Revocation.Pipeline.Tests;

/// <summary>An oauth2-kind provider that answers from a script, one outcome per call, and counts the calls.</summary>
internal sealed class ScriptedProvider(params RevocationOutcome[] script) : IRevocationProvider
{
    private readonly ConcurrentQueue<RevocationOutcome> _script = new(script);
    private int _calls;

    public string Kind => "oauth2";

    public int Calls => _calls;

    public Task<RevocationOutcome> RevokeAsync(ProviderRevocation request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(_script.TryDequeue(out var next) ? next : RevocationOutcome.Failed("script exhausted"));
    }
}
