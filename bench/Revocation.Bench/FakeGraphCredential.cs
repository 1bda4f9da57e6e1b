using Azure.Core;

namespace Revocation.Bench;

/// <summary>The Graph identity for the loopback stand-in: a fixed bearer, never expiring (the stand-in does not check it).</summary>
internal sealed class FakeGraphCredential : TokenCredential
{
    private static readonly AccessToken Token = new("bench-graph-bearer", DateTimeOffset.MaxValue);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token;

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Token);
}
