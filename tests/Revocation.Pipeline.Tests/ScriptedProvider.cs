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

    /// <summary>
    /// The call (1-based) on which the provider acts (its scripted outcome is used up) but the caller gets an
    /// exception instead of the answer, as when the connection drops after the provider revoked. 0: never.
    /// </summary>
    public int LoseAnswerOfCall { get; init; }

    /// <summary>Runs on every call before it answers (a test moves its clock here, say).</summary>
    public Action? OnCall { get; init; }

    public Task<RevocationOutcome> RevokeAsync(ProviderRevocation request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        OnCall?.Invoke();
        var outcome = _script.TryDequeue(out var next) ? next : RevocationOutcome.Failed("script exhausted");
        return call == LoseAnswerOfCall
            ? Task.FromException<RevocationOutcome>(new HttpRequestException("scripted: the connection dropped before the answer"))
            : Task.FromResult(outcome);
    }
}
