using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Revocation.Core.Access;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;
using Revocation.Storage;
using Revocation.Testing;
using static Revocation.Functions.Tests.Decisions.DecisionFixture;

namespace Revocation.Functions.Tests.Decisions;

/// <summary>An allowed decision is a use, a denied one is evidence: both written coalesced, counted in storage requests.</summary>
public sealed class DecisionUsageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    /// <summary>docs/decisions.md: a token's coalesced use costs at most this many table requests (read, commit, due-index refile).</summary>
    private const int MaxRequestsPerUseWrite = 4;

    private readonly string _policyFile = DecisionsFunctionTests.WritePolicy(Policy);
    private readonly FakeTimeProvider _time = new(Start.AddMinutes(1));

    [Fact]
    public async Task Decide_ManyAllowedWithinAnInterval_NoStorageRequestThenOneUseThatMovesTheIdleClock()
    {
        await using var host = await FunctionsApiHost.StartAsync(azurite.ConnectionString, _policyFile, _time);
        var token = NewTokenId();
        await host.DeliverAsync(Issued(token, NewOwner(), Start));
        _time.Advance(TimeSpan.FromMinutes(100));
        Assert.Equal("allow", (await DecideAsync(host.Client, token)).Decision);
        var counter = host.Get<StorageRequestCounter>();
        counter.Reset();

        for (var i = 0; i < 200; i++) Assert.Equal("allow", (await DecideAsync(host.Client, token)).Decision);
        Assert.Equal(0, counter.Total);

        await host.Get<DecisionRecorder>().FlushAsync(CancellationToken.None);
        Assert.InRange(counter.Tables.Count, 1, MaxRequestsPerUseWrite);
        var history = new List<Core.Ledger.LedgerEntry>();
        await foreach (var e in host.Get<ITokenStore>().ReadChainAsync(token, CancellationToken.None)) history.Add(e);
        var use = Assert.Single(history, e => e.Type == "token.used");
        Assert.Equal(TokenFold.PipelineSource, use.EventSource);
        Assert.StartsWith(DecisionRecorder.UseEventIdPrefix, use.EventId, StringComparison.Ordinal);
        Assert.Equal(Start.AddMinutes(101), (await host.Get<ITokenStore>().TryGetAsync(token, CancellationToken.None))!.View.LastUsedAt);

        // Idle timeout 2 h from issuance would have ended at Start + 2 h; the use moved it to Start + 3 h 41 min.
        _time.Advance(TimeSpan.FromMinutes(60));
        Assert.Equal("allow", (await DecideAsync(host.Client, token)).Decision);
        await host.Get<DecisionRecorder>().FlushAsync(CancellationToken.None);
        Assert.Equal(2, await CountUsesAsync(host, token));
    }

    [Fact]
    public async Task Decide_MoreTokensThanTheCacheHolds_CacheStartsOverAndAnswersStayRight()
    {
        await using var host = await FunctionsApiHost.StartAsync(azurite.ConnectionString, _policyFile, _time,
            new Dictionary<string, string?> { ["Revocation:Decisions:MaxCachedTokens"] = "2" });
        var tokens = Enumerable.Range(0, 3).Select(_ => NewTokenId()).ToList();
        foreach (var t in tokens) await host.DeliverAsync(Issued(t, NewOwner(), Start));
        foreach (var t in tokens) Assert.Equal("allow", (await DecideAsync(host.Client, t)).Decision);
        var counter = host.Get<StorageRequestCounter>();
        counter.Reset();

        Assert.Equal("allow", (await DecideAsync(host.Client, tokens[0])).Decision);

        Assert.Equal(1, counter.Tables.Count);
        Assert.InRange(host.Get<TokenRecordCache>().Count, 1, 2);
    }

    [Fact]
    public async Task Flush_NothingDecided_WritesNothing()
    {
        await using var host = await FunctionsApiHost.StartAsync(azurite.ConnectionString, _policyFile, _time);
        var counter = host.Get<StorageRequestCounter>();
        counter.Reset();
        await host.Get<DecisionRecorder>().FlushAsync(CancellationToken.None);
        Assert.Equal(0, counter.Total);
    }

    [Fact]
    public async Task Decide_RepeatedDenials_OneRowPerTokenAndReasonWithCountAndCallers()
    {
        await using var host = await FunctionsApiHost.StartAsync(azurite.ConnectionString, _policyFile, _time);
        var token = NewTokenId();
        await host.DeliverAsync(Issued(token, NewOwner(), Start));
        var intruder = $"spiffe://contoso.com/intruder/{Guid.NewGuid():N}";
        for (var i = 0; i < 50; i++) Assert.Equal("deny", (await DecideAsync(host.Client, token, intruder, scope: "admin")).Decision);

        await host.Get<DecisionRecorder>().FlushAsync(CancellationToken.None);

        var rows = await ListDenialsAsync(host, r => r.TokenId == token);
        Assert.Equal([DecisionReasons.HolderMismatch, DecisionReasons.ScopeExceeded], rows.Select(r => r.Reason).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(50, r.Count));
        Assert.All(rows, r => Assert.Equal([intruder], r.Holders));
    }

    [Fact]
    public async Task Decide_ManyMadeUpTokenIds_OneAggregateRowWithASample()
    {
        await using var host = await FunctionsApiHost.StartAsync(azurite.ConnectionString, _policyFile, _time);
        var prober = $"spiffe://contoso.com/prober/{Guid.NewGuid():N}";
        var ids = Enumerable.Range(0, 120).Select(_ => NewTokenId()).ToList();
        foreach (var id in ids) Assert.Equal([DecisionReasons.UnknownToken], (await DecideAsync(host.Client, id, prober)).Reasons);

        await host.Get<DecisionRecorder>().FlushAsync(CancellationToken.None);

        var row = Assert.Single(await ListDenialsAsync(host, r => r.Holders.Contains(prober)));
        Assert.Null(row.TokenId);
        Assert.Equal(DecisionReasons.UnknownToken, row.Reason);
        Assert.Equal(120, row.Count);
        // A sample of fingerprints, never the ids as sent (one might be a pasted token value).
        Assert.Equal(ids.Take(DenialRecord.MaxSample).Select(DenialRecord.Fingerprint), row.TokenIds);
        var stored = string.Join("\n", await StoredStringsAsync(host));
        Assert.DoesNotContain(ids[0], stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flush_StorageFailsOnce_DenialsKeptAndWrittenByTheNextFlushOnce()
    {
        var failing = new FailingOnceDenialStore();
        await using var host = await FunctionsApiHost.StartAsync(azurite.ConnectionString, _policyFile, _time,
            configure: s => s.AddSingleton<IDenialStore>(sp => failing.Wrap(ActivatorUtilities.CreateInstance<TableDenialStore>(sp))));
        var token = NewTokenId();
        await host.DeliverAsync(Issued(token, NewOwner(), Start));
        for (var i = 0; i < 10; i++) await DecideAsync(host.Client, token, "spiffe://contoso.com/other");

        await host.Get<DecisionRecorder>().FlushAsync(CancellationToken.None);
        Assert.Equal(1, failing.Writes);
        Assert.Empty(await ListDenialsAsync(host, r => r.TokenId == token));

        await host.Get<DecisionRecorder>().FlushAsync(CancellationToken.None);
        await host.Get<DecisionRecorder>().FlushAsync(CancellationToken.None);
        var row = Assert.Single(await ListDenialsAsync(host, r => r.TokenId == token));
        Assert.Equal(10, row.Count);
    }

    /// <summary>The real store, except that its first write fails as an unreachable storage account would.</summary>
    private sealed class FailingOnceDenialStore
    {
        /// <summary>Write calls so far; the first one failed.</summary>
        public int Writes { get; private set; }

        public IDenialStore Wrap(IDenialStore inner) => new Store(this, inner);

        private sealed class Store(FailingOnceDenialStore owner, IDenialStore inner) : IDenialStore
        {
            public Task WriteAsync(IReadOnlyList<DenialRecord> denials, CancellationToken cancellationToken)
            {
                if (owner.Writes++ == 0) throw new Azure.RequestFailedException(503, "storage unavailable");
                return inner.WriteAsync(denials, cancellationToken);
            }

            public IAsyncEnumerable<DenialRecord> ListAsync(DateTimeOffset since, CancellationToken cancellationToken) => inner.ListAsync(since, cancellationToken);
        }
    }

    private static async Task<List<string>> StoredStringsAsync(FunctionsApiHost host)
    {
        var all = new List<string>();
        await foreach (var row in host.Get<StorageClients>().Tables.GetTableClient(TableNames.Denials).QueryAsync<Azure.Data.Tables.TableEntity>())
            all.AddRange(((IDictionary<string, object>)row).Values.OfType<string>().Append(row.PartitionKey).Append(row.RowKey));
        return all;
    }

    private static async Task<int> CountUsesAsync(FunctionsApiHost host, string token)
    {
        var n = 0;
        await foreach (var e in host.Get<ITokenStore>().ReadChainAsync(token, CancellationToken.None)) if (e.Type == "token.used") n++;
        return n;
    }

    private async Task<List<DenialRecord>> ListDenialsAsync(FunctionsApiHost host, Func<DenialRecord, bool> which)
    {
        var rows = new List<DenialRecord>();
        await foreach (var r in host.Get<IDenialStore>().ListAsync(_time.GetUtcNow().AddHours(-1), CancellationToken.None)) if (which(r)) rows.Add(r);
        return rows;
    }

    public void Dispose() => File.Delete(_policyFile);
}
