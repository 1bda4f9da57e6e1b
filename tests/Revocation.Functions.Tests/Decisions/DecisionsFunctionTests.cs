using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Access;
using Revocation.Core.Revocation;
using Revocation.Core.Tokens;
using Revocation.Testing;
using static Revocation.Functions.Tests.Decisions.DecisionFixture;

namespace Revocation.Functions.Tests.Decisions;

/// <summary><see cref="DecisionsFunction"/> over HTTP: every reason, the bindings, and how fresh the answers are.</summary>
public sealed class DecisionsFunctionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _policyFile = WritePolicy(Policy);
    private readonly FakeTimeProvider _time = new(Start.AddMinutes(1));

    [Fact]
    public async Task Decide_BoundHolderScopeAndTask_AllowsWithStateAndCacheForWithinTheBound()
    {
        await using var host = await StartAsync();
        var token = NewTokenId();
        await host.DeliverAsync(Issued(token, NewOwner(), Start));

        var answer = await DecideAsync(host.Client, token, scope: "tickets:read", task: "chg-42");

        Assert.Equal("allow", answer.Decision);
        Assert.Empty(answer.Reasons);
        Assert.Equal(TokenStates.Active, answer.State);
        Assert.InRange(answer.CacheFor, 1, 30);
        Assert.Equal(["max-age=" + answer.CacheFor, "private"], answer.CacheControl!.Split(", ").Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(DecisionReasons.UnknownToken)]
    [InlineData(DecisionReasons.NotActive)]
    [InlineData(DecisionReasons.Expired)]
    [InlineData(DecisionReasons.Idle)]
    [InlineData(DecisionReasons.OwnerOffboarded)]
    [InlineData(DecisionReasons.Ownerless)]
    [InlineData(DecisionReasons.ApprovalExpired)]
    [InlineData(DecisionReasons.ApprovalMissing)]
    [InlineData(DecisionReasons.TaskEnded)]
    [InlineData(DecisionReasons.HolderMismatch)]
    [InlineData(DecisionReasons.HolderUnbound)]
    [InlineData(DecisionReasons.ScopeExceeded)]
    [InlineData(DecisionReasons.TaskMismatch)]
    public async Task Decide_Condition_DeniesNamingTheReason(string reason)
    {
        await using var host = await StartAsync();
        var token = NewTokenId();
        var owner = NewOwner();
        string holder = Holder, scope = "tickets:read", task = "chg-42";
        switch (reason)
        {
            case DecisionReasons.UnknownToken: break;
            case DecisionReasons.NotActive:
                await host.DeliverAsync(Issued(token, owner, Start));
                await host.Get<RevocationRequester>().RequestAsync(token, Reasons.Manual, "test", null, CancellationToken.None);
                break;
            case DecisionReasons.Expired:
                await host.DeliverAsync(Issued(token, owner, Start.AddDays(-1)));
                break;
            case DecisionReasons.Idle:
                await host.DeliverAsync(Issued(token, owner, Start.AddHours(-3)));
                break;
            case DecisionReasons.OwnerOffboarded:
                await host.DeliverAsync(Issued(token, owner, Start));
                await host.DeliverAsync(Offboarded(owner, Start), Core.Events.QueueNames.IdentityEvents);
                break;
            case DecisionReasons.Ownerless:
                await host.DeliverAsync(Issued(token, owner, Start, ownerless: true));
                break;
            case DecisionReasons.ApprovalExpired:
                await host.DeliverAsync(Issued(token, owner, Start, approvalExpiresAt: Start.AddSeconds(30)));
                break;
            case DecisionReasons.ApprovalMissing:
                await host.DeliverAsync(Issued(token, owner, Start, cls: "approved", approvalId: null));
                task = null!;
                break;
            case DecisionReasons.TaskEnded:
                await host.DeliverAsync(Issued(token, owner, Start));
                await host.DeliverAsync(Retired(token, Start.AddSeconds(10)));
                break;
            case DecisionReasons.HolderMismatch:
                await host.DeliverAsync(Issued(token, owner, Start));
                holder = "spiffe://contoso.com/agents/Triage";
                break;
            case DecisionReasons.HolderUnbound:
                await host.DeliverAsync(Issued(token, owner, Start, holder: null));
                break;
            case DecisionReasons.ScopeExceeded:
                await host.DeliverAsync(Issued(token, owner, Start));
                scope = "tickets:read tickets:delete";
                break;
            case DecisionReasons.TaskMismatch:
                await host.DeliverAsync(Issued(token, owner, Start));
                task = "chg-43";
                break;
        }

        var answer = await DecideAsync(host.Client, token, holder, scope, task);

        Assert.Equal("deny", answer.Decision);
        Assert.Contains(reason, answer.Reasons);
        if (reason is DecisionReasons.HolderMismatch or DecisionReasons.HolderUnbound or DecisionReasons.ScopeExceeded or DecisionReasons.TaskMismatch
            or DecisionReasons.Ownerless or DecisionReasons.ApprovalExpired or DecisionReasons.ApprovalMissing or DecisionReasons.Idle)
            Assert.Equal([reason], answer.Reasons);
    }

    [Fact]
    public async Task Decide_RevokedOnThisInstance_DeniedAtOnceThoughTheAllowWasCached()
    {
        await using var host = await StartAsync();
        var token = NewTokenId();
        await host.DeliverAsync(Issued(token, NewOwner(), Start));
        Assert.Equal("allow", (await DecideAsync(host.Client, token)).Decision);

        await host.Get<RevocationRequester>().RequestAsync(token, Reasons.Manual, "test", null, CancellationToken.None);

        var answer = await DecideAsync(host.Client, token);
        Assert.Equal([DecisionReasons.NotActive], answer.Reasons);
        Assert.Equal(TokenStates.RevocationPending, answer.State);
    }

    [Fact]
    public async Task Decide_RevokedOnAnotherInstance_AllowedAtMostUntilTheBoundThenDenied()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        var token = NewTokenId();
        await a.DeliverAsync(Issued(token, NewOwner(), Start));
        Assert.Equal(30, (await DecideAsync(a.Client, token)).CacheFor);

        await b.Get<RevocationRequester>().RequestAsync(token, Reasons.Manual, "test", null, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(20));
        var stale = await DecideAsync(a.Client, token);
        Assert.Equal("allow", stale.Decision);
        Assert.True(stale.CacheFor <= 10, $"cacheFor {stale.CacheFor} goes past the 30 s bound");

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([DecisionReasons.NotActive], (await DecideAsync(a.Client, token)).Reasons);
    }

    [Fact]
    public async Task Decide_OwnerOffboardedThroughAnotherInstance_DeniedOnceTheBoundPasses()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        var token = NewTokenId();
        var owner = NewOwner();
        await a.DeliverAsync(Issued(token, owner, Start));
        Assert.Equal("allow", (await DecideAsync(a.Client, token)).Decision);

        await b.DeliverAsync(Offboarded(owner, _time.GetUtcNow()), Core.Events.QueueNames.IdentityEvents);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Contains(DecisionReasons.OwnerOffboarded, (await DecideAsync(a.Client, token)).Reasons);
    }

    [Fact]
    public async Task Decide_PolicyDropsTheClass_TheRestartedAppDeniesClassRemoved()
    {
        var token = NewTokenId();
        await using (var before = await StartAsync())
        {
            await before.DeliverAsync(Issued(token, NewOwner(), Start));
            Assert.Equal("allow", (await DecideAsync(before.Client, token)).Decision);
        }
        await using var after = await StartAsync(WritePolicy(PolicyWithoutAgent));

        Assert.Contains(DecisionReasons.ClassRemoved, (await DecideAsync(after.Client, token)).Reasons);
    }

    [Fact]
    public async Task Decide_ExpiryBeforeTheBound_CacheForEndsAtTheExpiry()
    {
        await using var host = await StartAsync();
        var token = NewTokenId();
        await host.DeliverAsync(Issued(token, NewOwner(), Start, approvalExpiresAt: _time.GetUtcNow().AddSeconds(12)));

        Assert.Equal(12, (await DecideAsync(host.Client, token)).CacheFor);
    }

    private Task<FunctionsApiHost> StartAsync(string? policyFile = null) =>
        FunctionsApiHost.StartAsync(azurite.ConnectionString, policyFile ?? _policyFile, _time);

    internal static string WritePolicy(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"decisions-policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    public void Dispose() => File.Delete(_policyFile);
}
