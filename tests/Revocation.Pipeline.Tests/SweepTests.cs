using Azure.Data.Tables;
using Revocation.Core.Events;
using Revocation.Core.Ledger;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>The blast-radius guard, dry run and confirm, each on a fresh Azurite.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed by xunit through IAsyncLifetime.DisposeAsync.")]
public sealed class SweepTests : IAsyncLifetime
{
    private AzuriteFixture _azurite = null!;
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");

    // A fresh Azurite per test: a sweep reads the whole due index, so tests must not see each other's tokens.
    public async Task InitializeAsync() => _azurite = await AzuriteFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        File.Delete(_keyFile);
    }

    private static string Policy(int maxPerRun, double maxFraction) =>
        Events.Policy().Replace("\"maxRevocationsPerRun\": 10, \"maxRevokedFraction\": 1.0",
            $"\"maxRevocationsPerRun\": {maxPerRun}, \"maxRevokedFraction\": {maxFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}", StringComparison.Ordinal);

    /// <summary>Issues <paramref name="expired"/> expired and <paramref name="fresh"/> fresh tokens of class ci (maxTtl PT1H).</summary>
    private static async Task SeedAsync(Pipeline p, int expired, int fresh)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < expired; i++) await p.DeliverAsync(Events.Issued($"x{i}", $"expired:{i}", "ci", "alice", now.AddHours(-2)));
        for (var i = 0; i < fresh; i++) await p.DeliverAsync(Events.Issued($"f{i}", $"fresh:{i}", "ci", "alice", now.AddMinutes(-1)));
    }

    private static async Task<int> QueuedRevocationsAsync(Pipeline p) =>
        (await p.Clients.Queues.GetQueueClient(QueueNames.Revocations).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    [Theory]
    [InlineData(2, 1.0, 3, 3, "maxRevocationsPerRun")]
    [InlineData(100, 0.5, 3, 1, "maxRevokedFraction")]
    public async Task Run_OverEitherBound_RevokesNothingRecordsWhyAndConfirmProceeds(int maxPerRun, double maxFraction, int expired, int fresh, string bound)
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy(maxPerRun, maxFraction), _keyFile);
        await SeedAsync(p, expired, fresh);

        var tripped = await p.SweepAsync();
        Assert.True(tripped.GuardTripped);
        Assert.Contains(bound, tripped.GuardReason, StringComparison.Ordinal);
        Assert.Equal(0, await QueuedRevocationsAsync(p));
        for (var i = 0; i < expired; i++)
            Assert.Equal(TokenStates.Active, (await p.Get<ITokenStore>().TryGetAsync($"expired:{i}", CancellationToken.None))!.State);
        var system = await p.HistoryAsync(LedgerChains.System);
        Assert.Equal(("sweep.guard-tripped", Decisions.Rejected), (system[^1].Type, system[^1].Decision));

        // The guard holds on the next scheduled run too; an operator's --confirm proceeds.
        Assert.True((await p.SweepAsync()).GuardTripped);
        var confirmed = await p.SweepAsync(SweepMode.Confirm);
        Assert.Equal(expired, confirmed.Revocations);
        Assert.Equal(expired, await QueuedRevocationsAsync(p));
        for (var i = 0; i < expired; i++)
            Assert.Equal(TokenStates.RevocationPending, (await p.Get<ITokenStore>().TryGetAsync($"expired:{i}", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Run_WithinBounds_QueuesEachDueTokenOnce()
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy(3, 0.75), _keyFile);
        await SeedAsync(p, 3, 1);
        var report = await p.SweepAsync();
        Assert.False(report.GuardTripped);
        Assert.Equal(3, report.Revocations);
        Assert.All(report.Items, i => Assert.Equal([Reasons.Expired], i.Reasons));
        // A second run finds nothing new: hints were consumed and tokens are pending.
        Assert.Equal(0, (await p.SweepAsync()).Revocations);
        Assert.Equal(3, await QueuedRevocationsAsync(p));
    }

    [Fact]
    public async Task DryRun_ListsWhatIsDueAndChangesNoTableOrQueue()
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy(1, 0.1), _keyFile);
        await SeedAsync(p, 3, 2);
        // A stale hint (the token is no longer due at that time) that a normal sweep would clean up.
        await p.Get<IDueIndex>().UpsertAsync("fresh:0", DateTimeOffset.UtcNow.AddMinutes(-30), CancellationToken.None);
        var before = await StorageSnapshot.TakeAsync(p);

        var report = await p.SweepAsync(SweepMode.DryRun);

        Assert.Equal(3, report.Revocations);
        Assert.True(report.GuardTripped);
        Assert.Equal(before, await StorageSnapshot.TakeAsync(p));
    }

    [Fact]
    public async Task Run_StaleHint_IsRefiledAtTheTokensDueTime()
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy(10, 1.0), _keyFile);
        await SeedAsync(p, 0, 1);
        var token = await p.Get<ITokenStore>().TryGetAsync("fresh:0", CancellationToken.None);
        await p.Get<IDueIndex>().UpsertAsync("fresh:0", DateTimeOffset.UtcNow.AddMinutes(-30), CancellationToken.None);

        var report = await p.SweepAsync();

        Assert.Equal(0, report.Revocations);
        Assert.Equal(1, report.StaleHintsCleaned);
        var hints = new List<TableEntity>();
        await foreach (var row in p.Clients.Tables.GetTableClient("dueindex").QueryAsync<TableEntity>()) hints.Add(row);
        var hint = Assert.Single(hints);
        Assert.StartsWith(token!.NextDueAt!.Value.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture), hint.RowKey, StringComparison.Ordinal);
    }
}
