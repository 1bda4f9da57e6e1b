using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Core.Policy;
using Revocation.Core.Posture;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Pipeline.Tests;

/// <summary>
/// The posture aggregates kept on every state write print the report a full scan prints; after a state write that
/// missed its aggregate (a crash between the two), a rebuild from the scan repairs them, and writers that still hold
/// ETags of the replaced rows add on top of the rebuilt ones.
/// </summary>
public sealed class PostureAggregateTests : FreshAzuriteTests
{
    [Fact]
    public async Task Report_MixedEstate_AggregatesPrintWhatTheScanPrints()
    {
        // Expired tokens fail (permanently), a retired one is confirmed, others stay active: every state of the report.
        var provider = new ScriptedProvider([RevocationOutcome.Revoked("ok"), .. Enumerable.Repeat(RevocationOutcome.Failed("no"), 6)]);
        using var p = new Pipeline(Azurite.ConnectionString, Events.Policy(), KeyFile, provider: provider, configure: Shards(4));
        await SeedMixedEstateAsync(p);
        await p.DeliverAsync($$$"""{"specversion":"1.0","id":"r1","source":"urn:broker","type":"token.retired","time":"{{{Events.Time(DateTimeOffset.UtcNow)}}}","data":{"tokenId":"batch:0","reason":"done"}}""");
        await p.DrainRevocationsAsync();
        await p.SweepAsync();
        await p.DrainRevocationsAsync();

        var (aggregated, scanned) = await BothReportsAsync(p);

        Assert.Equal(scanned, aggregated);
        using var doc = JsonDocument.Parse(aggregated);
        var ci = doc.RootElement.GetProperty("ByClass").EnumerateArray().Single(r => r.GetProperty("Name").GetString() == "ci");
        var batch = doc.RootElement.GetProperty("ByClass").EnumerateArray().Single(r => r.GetProperty("Name").GetString() == "batch");
        Assert.True(ci.GetProperty("Failed").GetInt32() >= 3, aggregated);
        Assert.True(ci.GetProperty("Active").GetInt32() >= 2, aggregated);
        Assert.Equal((1, 4), (batch.GetProperty("Revoked").GetInt32(), batch.GetProperty("Active").GetInt32()));
        Assert.True(batch.GetProperty("TransfersPerToken").GetDouble() > 0);
        Assert.Contains(doc.RootElement.GetProperty("ByOwner").EnumerateArray(), r => r.GetProperty("Name").GetString() == "carol@x");
        Assert.Contains(doc.RootElement.GetProperty("ByOwner").EnumerateArray(), r => r.GetProperty("Name").GetString() == "Bob@x");
    }

    [Fact]
    public async Task Aggregates_StateWriteThatMissedItsAggregate_RebuildRepairsAndWritersAddOnTop()
    {
        using var p = new Pipeline(Azurite.ConnectionString, Events.Policy(), KeyFile, configure: Shards(4));
        await SeedMixedEstateAsync(p);
        // Another instance whose aggregate writes fail: its state writes commit, their aggregates are lost (a crash in between).
        using (var crashing = new Pipeline(Azurite.ConnectionString, Events.Policy(), KeyFile,
            configure: s => { Shards(4)(s); s.AddSingleton<IPostureStore, LostPostureStore>(); }))
        {
            for (var i = 0; i < 3; i++) await crashing.DeliverAsync(Events.Issued($"lost{i}", $"lost:{i}", "batch", "dave@x", DateTimeOffset.UtcNow));
        }
        var (drifted, truth) = await BothReportsAsync(p);
        Assert.NotEqual(truth, drifted);

        var tokens = new List<TokenRecord>();
        await foreach (var t in p.Get<ITokenStore>().ListAsync(CancellationToken.None)) tokens.Add(t);
        var offboarded = await p.Get<IPeopleStore>().GetOffboardedAsync(CancellationToken.None, fresh: true);
        // The rebuild runs in its own instance, as 'revctl report --rebuild' does; p keeps the ETags it wrote with.
        using (var operatorCli = new Pipeline(Azurite.ConnectionString, Events.Policy(), KeyFile, configure: Shards(4)))
            await operatorCli.Get<IPostureStore>().ReplaceAsync(PostureTally.Cells(tokens, p.Get<PolicyDocument>(), offboarded), CancellationToken.None);
        var (repaired, scanned) = await BothReportsAsync(p);
        Assert.Equal(scanned, repaired);

        for (var i = 0; i < 4; i++) await p.DeliverAsync(Events.Issued($"after{i}", $"after:{i}", "batch", "alice@x", DateTimeOffset.UtcNow));
        var (later, laterScan) = await BothReportsAsync(p);
        Assert.Equal(laterScan, later);
        Assert.Contains("dave@x", later, StringComparison.Ordinal);
    }

    private static Action<IServiceCollection> Shards(int n) => s => s.Configure<StorageOptions>(o => o.Shards = n);

    private static async Task SeedMixedEstateAsync(Pipeline p)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++) await p.DeliverAsync(Events.Issued($"x{i}", $"expired:{i}", "ci", i == 0 ? "alice@x" : "Bob@x", now.AddHours(-2)));
        for (var i = 0; i < 2; i++) await p.DeliverAsync(Events.Issued($"c{i}", $"ci:{i}", "ci", "bob@x", now.AddMinutes(-5)));
        await p.DeliverAsync(Events.Issued("o1", "ownerless:1", "ci", "x", now).Replace("\"owner\":\"x\"", "\"owner\":null", StringComparison.Ordinal));
        for (var i = 0; i < 5; i++) await p.DeliverAsync(Events.Issued($"b{i}", $"batch:{i}", "batch", "carol@x", now.AddDays(-i)));
        await p.DeliverAsync(Events.Transfer("t1", "batch:1", "urn:partner", "carol@x", "alice@x", now));
        await p.DeliverAsync(Events.Transfer("t2", "batch:2", "urn:stranger", "carol@x", "bob@x", now));
    }

    private static async Task<(string Aggregated, string Scanned)> BothReportsAsync(Pipeline p)
    {
        var now = DateTimeOffset.UtcNow;
        var tokens = new List<TokenRecord>();
        await foreach (var t in p.Get<ITokenStore>().ListAsync(CancellationToken.None)) tokens.Add(t);
        var offboarded = await p.Get<IPeopleStore>().GetOffboardedAsync(CancellationToken.None, fresh: true);
        var scanned = PostureReport.From(tokens, p.Get<PolicyDocument>(), offboarded, now);
        var aggregated = PostureReport.FromTotals(PostureTally.Fold(await p.Get<IPostureStore>().ReadAsync(CancellationToken.None)), now);
        return (JsonSerializer.Serialize(aggregated), JsonSerializer.Serialize(scanned));
    }

    /// <summary>An aggregate store whose writes never arrive (the process died after the state write).</summary>
    private sealed class LostPostureStore : IPostureStore
    {
        public Task AddAsync(IReadOnlyList<PostureChange> changes, CancellationToken cancellationToken) => throw new IOException("process stopped");

        public Task<IReadOnlyDictionary<PostureCell, PostureCounts>> ReadAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ReplaceAsync(IReadOnlyDictionary<PostureCell, PostureCounts> totals, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
