using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;
using Revocation.Storage;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>
/// The blast-radius guard's active count (issue 11, defect 7): never above the truth, so a lagging count cannot let
/// a sweep pass; and a count that lags low is checked exactly before it stops a sweep. Each test has its own Azurite:
/// the count is one per deployment.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed by xunit through IAsyncLifetime.DisposeAsync.")]
public sealed class GuardCountTests : IAsyncLifetime
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private AzuriteFixture _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        File.Delete(_keyFile);
    }

    private static string Policy() => Events.Policy().Replace("\"maxRevokedFraction\": 1.0", "\"maxRevokedFraction\": 0.5", StringComparison.Ordinal);

    private async Task IssueAsync(Pipeline p, int count, string prefix, TimeSpan age)
    {
        for (var i = 0; i < count; i++)
            await p.DeliverAsync(Events.Issued($"{prefix}-{i}", $"{prefix}:{i}", "ci", "alice@contoso.com", _time.GetUtcNow() - age));
    }

    [Fact]
    public async Task Count_RevocationsOnAnotherInstance_AreSeenAtOnceSoTheCountNeverExceedsTheTruth()
    {
        var provider = new ScriptedProvider([.. Enumerable.Repeat(RevocationOutcome.Revoked("200"), 6)]);
        using var a = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile, _time, provider);
        await IssueAsync(a, 10, "live", TimeSpan.FromMinutes(1));
        await a.Get<TableActiveTokenCounter>().FlushAsync(CancellationToken.None);
        for (var i = 0; i < 6; i++)
            Assert.True(await a.Get<RevocationRequester>().RequestAsync($"live:{i}", Reasons.Manual, "test", null, CancellationToken.None));
        await a.DrainRevocationsAsync();

        // Another instance (a sweep on another host, revctl) reads the count while the clock has not moved.
        using var b = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile, _time, provider);
        var kept = await b.Get<IActiveTokenCounter>().GetAsync(CancellationToken.None);

        Assert.Equal(4, await b.Get<IActiveTokenCounter>().CountExactlyAsync(CancellationToken.None));
        Assert.Equal(4, kept);
    }

    [Fact]
    public async Task Sweep_KeptCountLagsLow_GuardDecidesOnTheExactCount()
    {
        using var a = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile, _time, new ScriptedProvider());
        await IssueAsync(a, 4, "due", TimeSpan.FromHours(2));   // past maxTtl PT1H
        await IssueAsync(a, 6, "fresh", TimeSpan.FromMinutes(1));
        // a's increments after its first flush are still in its memory (the clock has not moved): the kept count is low.
        using var b = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile, _time, new ScriptedProvider());
        Assert.True(await b.Get<IActiveTokenCounter>().GetAsync(CancellationToken.None) < 4);

        var report = await b.SweepAsync(SweepMode.DryRun);

        Assert.Equal(4, report.Revocations);
        Assert.Equal(10, report.ActiveTokens);
        Assert.Null(report.GuardReason);
    }

    [Fact]
    public async Task Sweep_OverTheFractionByTheExactCount_Trips()
    {
        using var a = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile, _time, new ScriptedProvider());
        await IssueAsync(a, 6, "due", TimeSpan.FromHours(2));
        await IssueAsync(a, 4, "fresh", TimeSpan.FromMinutes(1));

        var report = await a.SweepAsync(SweepMode.DryRun);

        Assert.Equal((6, 10L), (report.Revocations, report.ActiveTokens));
        Assert.Contains("maxRevokedFraction", report.GuardReason, StringComparison.Ordinal);
    }
}
