using System.Collections.Concurrent;
using Azure.Core;

namespace Revocation.Providers.Tests.Support;

/// <summary>Hands out a fixed bearer token and records the scopes asked for.</summary>
public sealed class FakeTokenCredential : TokenCredential
{
    public const string Bearer = "graph-bearer-for-tests";

    public ConcurrentQueue<string> Scopes { get; } = new();

    /// <summary>When set, thrown instead of handing out a token.</summary>
    public Exception? Failure { get; set; }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        foreach (var scope in requestContext.Scopes)
        {
            Scopes.Enqueue(scope);
        }

        return new AccessToken(Bearer, DateTimeOffset.MaxValue);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
