using Revocation.Core.Events;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>How the worker treats each kind of provider answer; the provider is scripted, storage is Azurite.</summary>
public sealed class RevocationWorkerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");

    private static async Task<TokenRecord> RevokeOneAsync(Pipeline p, string tokenId)
    {
        await p.DeliverAsync(Events.Issued("iss-" + tokenId, tokenId, "batch", "alice", DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.True(await p.Get<RevocationRequester>().RequestAsync(tokenId, Reasons.Manual, "test", null, CancellationToken.None));
        await p.DrainRevocationsAsync();
        return (await p.Get<ITokenStore>().TryGetAsync(tokenId, CancellationToken.None))!;
    }

    [Fact]
    public async Task Handle_PermanentFailure_StopsAtOnce()
    {
        var provider = new ScriptedProvider(RevocationOutcome.Failed("400 unsupported_token_type"));
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider);
        var token = await RevokeOneAsync(p, "worker:permanent");
        Assert.Equal((TokenStates.RevocationFailed, 1), (token.State, provider.Calls));
        Assert.Equal("400 unsupported_token_type", token.Revocation.LastError);
    }

    [Fact]
    public async Task Handle_AlreadyGone_CountsAsRevoked()
    {
        var provider = new ScriptedProvider(RevocationOutcome.AlreadyGone("400 invalid_token"));
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider);
        var token = await RevokeOneAsync(p, "worker:gone");
        Assert.Equal((TokenStates.Revoked, 1), (token.State, provider.Calls));
        Assert.Contains(await p.HistoryAsync("worker:gone"), e => e.Type == "revocation.confirmed" && e.Data.Contains("AlreadyGone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handle_RetryLater_WaitsTheProvidersRetryAfterThenConfirms()
    {
        var provider = new ScriptedProvider(RevocationOutcome.RetryLater("429", TimeSpan.FromSeconds(3)), RevocationOutcome.Revoked("200"));
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider);
        await p.DeliverAsync(Events.Issued("iss-retry", "worker:retry", "batch", "alice", DateTimeOffset.UtcNow.AddMinutes(-1)));
        await p.Get<RevocationRequester>().RequestAsync("worker:retry", Reasons.Manual, "test", null, CancellationToken.None);
        var queue = p.Clients.Queues.GetQueueClient(QueueNames.Revocations);

        // First attempt: the retry is queued invisible for the provider's Retry-After.
        var first = (await queue.ReceiveMessagesAsync(1)).Value.Single();
        await p.Get<RevocationMessageService>().HandleAsync(first.MessageId, first.Body.ToString(), CancellationToken.None);
        await queue.DeleteMessageAsync(first.MessageId, first.PopReceipt);
        Assert.Empty((await queue.ReceiveMessagesAsync(1)).Value);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        var pending = (await p.Get<ITokenStore>().TryGetAsync("worker:retry", CancellationToken.None))!;
        Assert.Equal((TokenStates.RevocationPending, 1, "429"), (pending.State, pending.Revocation.Attempts, pending.Revocation.LastError));

        await p.DrainRevocationsAsync();
        var token = (await p.Get<ITokenStore>().TryGetAsync("worker:retry", CancellationToken.None))!;
        Assert.Equal((TokenStates.Revoked, 2, 2), (token.State, token.Revocation.Attempts, provider.Calls));
    }

    [Fact]
    public async Task Handle_RevokedTokenAgain_IsANoOpSuccess()
    {
        var provider = new ScriptedProvider(RevocationOutcome.Revoked("200"));
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider);
        await RevokeOneAsync(p, "worker:twice");
        var again = await p.Get<RevocationService>().HandleAsync(
            new RevocationRequest("worker:twice", Reasons.Manual, DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Equal((RevocationResult.AlreadyRevoked, 1), (again, provider.Calls));
    }

    [Fact]
    public async Task Handle_ClassRemovedFromThePolicy_FailsPermanentlyWithoutThrowing()
    {
        var provider = new ScriptedProvider(RevocationOutcome.Revoked("200"));
        using (var before = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile, provider: provider))
        {
            await before.DeliverAsync(Events.Issued("iss-removed", "worker:removed", "batch", "alice", DateTimeOffset.UtcNow.AddMinutes(-1)));
            await before.Get<RevocationRequester>().RequestAsync("worker:removed", Reasons.Manual, "test", null, CancellationToken.None);
        }
        // The operator deploys a policy without the token's class while its request waits in the queue.
        var withoutBatch = System.Text.RegularExpressions.Regex.Replace(Events.Policy(), @",\s*""batch"": \{[^\n]*\}", "");
        Assert.DoesNotContain("\"batch\"", withoutBatch, StringComparison.Ordinal);
        using var p = new Pipeline(azurite.ConnectionString, withoutBatch, _keyFile, provider: provider);

        Assert.Equal([RevocationResult.Failed], await p.DrainRevocationsAsync());
        var token = (await p.Get<ITokenStore>().TryGetAsync("worker:removed", CancellationToken.None))!;
        Assert.Equal(TokenStates.RevocationFailed, token.State);
        Assert.Contains("not in the policy", token.Revocation.LastError, StringComparison.Ordinal);
        Assert.Equal(0, provider.Calls);
    }

    public void Dispose() => File.Delete(_keyFile);
}
