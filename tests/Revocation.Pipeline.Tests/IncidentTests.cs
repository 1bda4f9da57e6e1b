using System.Text.Json;
using Revocation.Core.Events;
using Revocation.Core.Incidents;
using Revocation.Core.Intake;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Core.Ledger;
using Revocation.Core.Revocation;
using Revocation.Core.Secrets;
using Revocation.Core.Storage;
using Revocation.Core.Sweep;
using Revocation.Core.Tokens;
using Revocation.Secrets;
using Revocation.Storage;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>Incident response end to end: 300 real tokens of three partners at a real OAuth server, Azurite for the rest.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed by xunit through IAsyncLifetime.DisposeAsync.")]
public sealed class IncidentTests(OAuthServerFixture oauth) : IClassFixture<OAuthServerFixture>, IAsyncLifetime
{
    private static readonly string[] Partners = ["urn:partner:a", "urn:partner:b", "urn:partner:c"];
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");
    private AzuriteFixture _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        File.Delete(_keyFile);
    }

    /// <summary>The guard allows 150 revocations per run and any fraction: one partner (100) passes, two (200) trip it.</summary>
    private string Policy() => Events.Policy(oauth.RevocationEndpoint.ToString())
        .Replace("\"maxRevocationsPerRun\": 10", "\"maxRevocationsPerRun\": 150", StringComparison.Ordinal)
        .Replace("\"maxTtl\": \"PT1H\"", "\"maxTtl\": \"P1D\"", StringComparison.Ordinal);

    /// <summary>Issues 100 real tokens per partner (token id → value), each published by its partner.</summary>
    private async Task<Dictionary<string, string>> IssueAsync(Pipeline p, string prefix)
    {
        Environment.SetEnvironmentVariable("PIPELINE_TEST_OAUTH_SECRET", "broker-secret");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 300).Select(i => $"{prefix}:{Partners[i % 3][^1]}:{i:D3}").ToList();
        var tokens = new string[ids.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => tokens[i] = await oauth.GetClientCredentialsTokenAsync());
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var secretRef = await p.Get<LocalSecretStore>().PutAsync(tokens[i], ct);
            var result = await p.DeliverAsync(Events.IssuedBy(Partners[i % 3], $"iss-{ids[i]}", ids[i], "batch", "owner@x", now.AddMinutes(-5),
                $$"""{"secretRef":"{{secretRef}}"}"""));
            Assert.Equal(IntakeOutcome.Accepted, result.Outcome);
        });
        for (var i = 0; i < ids.Count; i++) values[ids[i]] = tokens[i];
        return values;
    }

    private static bool IsPartner(string tokenId, char partner) => tokenId.Split(':')[1][0] == partner;

    [Fact]
    public async Task Declare_BySource_DryRunListsThePartnersHundredThenRevokesExactlyThoseWithTheIncidentInTheirHistory()
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        var values = await IssueAsync(p, "src");
        var incidents = p.Get<IncidentService>();
        var selector = new IncidentSelector { Source = "urn:partner:b" };
        var declaration = new IncidentDeclaration("inc-test-1", selector, "partner b breached", "os:test", "revctl", DateTimeOffset.UtcNow);

        var before = await StorageSnapshot.TakeAsync(p);
        var dry = await incidents.DeclareAsync(declaration, SweepMode.DryRun, null, CancellationToken.None);
        Assert.Equal(values.Keys.Where(k => IsPartner(k, 'b')).Order(StringComparer.Ordinal), dry.Items.Select(i => i.TokenId));
        Assert.All(dry.Items, i => Assert.Equal((IncidentOutcomes.WouldRevoke, "urn:partner:b", "corp"), (i.Outcome, i.Source, i.Provider)));
        // Finding the slice read only its index rows (one per token), never the estate.
        Assert.Equal((100, 100), (dry.HintsRead, dry.TokensRead));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(p));

        var run = await incidents.DeclareAsync(declaration, SweepMode.Normal, null, CancellationToken.None);
        Assert.Equal(new Dictionary<string, int> { [IncidentOutcomes.Revoked] = 100 }, run.ByOutcome);
        Assert.Equal(new Dictionary<string, int> { ["corp"] = 100 }, run.ByProvider);
        foreach (var (id, value) in values)
        {
            var token = (await p.Get<ITokenStore>().TryGetAsync(id, CancellationToken.None))!;
            if (!IsPartner(id, 'b'))
            {
                Assert.Equal(TokenStates.Active, token.State);
                Assert.True(await oauth.IsActiveAsync(value), id);
                continue;
            }
            Assert.Equal(TokenStates.Revoked, token.State);
            Assert.False(await oauth.IsActiveAsync(value), id);
            var requested = Assert.Single(await p.HistoryAsync(id), e => e.Type == "revocation.requested");
            using var data = JsonDocument.Parse(requested.Data);
            Assert.Equal(("inc-test-1", "incident", "partner b breached"),
                (data.RootElement.GetProperty("incident").GetString(), data.RootElement.GetProperty("requestedBy").GetString(), requested.Reason));
        }
        var declared = Assert.Single(await p.HistoryAsync(LedgerChains.System), e => e.Type == "incident.declared");
        Assert.Contains("\"source\":\"urn:partner:b\"", declared.Data, StringComparison.Ordinal);
        Assert.Contains("\"candidates\":100", declared.Data, StringComparison.Ordinal);
        var completed = Assert.Single(await p.HistoryAsync(LedgerChains.System), e => e.Type == "incident.completed");
        using (var data = JsonDocument.Parse(completed.Data))
        {
            Assert.Equal((100, 100, 100), (data.RootElement.GetProperty("matched").GetInt32(), data.RootElement.GetProperty("revocations").GetInt32(),
                data.RootElement.GetProperty("byOutcome").GetProperty(IncidentOutcomes.Revoked).GetInt32()));
        }
        var record = (await p.Get<IIncidentStore>().TryGetAsync("inc-test-1", CancellationToken.None))!;
        Assert.Equal(("done", 100, 100), (record.Status, record.Matched, record.Revoked));
        // The slice's active count was taken in one write and settled in one: it equals the exact count (200 left).
        await p.Get<TableActiveTokenCounter>().FlushAsync(CancellationToken.None);
        var counter = p.Get<IActiveTokenCounter>();
        Assert.Equal((200L, 200L), (await counter.GetAsync(CancellationToken.None), await counter.CountExactlyAsync(CancellationToken.None)));
        // The revoked tokens' stored values were deleted (in batches, after the confirmations); the others are kept.
        foreach (var id in values.Keys)
        {
            var secretRef = (await p.Get<ITokenStore>().TryGetAsync(id, CancellationToken.None))!.View.Credential!.SecretRef!;
            var stored = await p.Get<LocalSecretStore>().TryGetAsync(secretRef, CancellationToken.None);
            Assert.True(IsPartner(id, 'b') ? stored is null : stored == values[id], id);
        }

        // The same incident again (a retry): nothing is asked twice, the ledger records the declaration once, and the
        // revoked tokens' rows were cleaned from the slice (hints), so the repeat reads nothing.
        var again = await incidents.DeclareAsync(declaration, SweepMode.Normal, null, CancellationToken.None);
        Assert.Empty(again.Items);
        Assert.Single(await p.HistoryAsync(LedgerChains.System), e => e.Type == "incident.declared");
        Assert.Equal(2, (await p.HistoryAsync(LedgerChains.System)).Count(e => e.Type == "incident.completed"));
    }

    /// <summary>
    /// The value store fails after the confirmations (the batched deletion): the partner's tokens are still revoked and the
    /// run still records its counts and <c>incident.completed</c>; the failure is rethrown (a queue host retries), and the
    /// values stay in the store (dead at their provider).
    /// </summary>
    [Fact]
    public async Task Declare_ValueDeletionFailsAfterTheConfirmations_RunIsRecordedAndTheFailureRethrown()
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile, configure: services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(ISecretStore));
            services.Remove(original);
            services.AddSingleton<ISecretStore>(sp => new FailingDeletions((ISecretStore)original.ImplementationFactory!(sp)));
        });
        var values = await IssueAsync(p, "vdel");
        var declaration = new IncidentDeclaration("inc-vdel", new IncidentSelector { Source = "urn:partner:b" }, "partner b breached", "os:test", "revctl", DateTimeOffset.UtcNow);

        var error = await Assert.ThrowsAsync<IOException>(() => p.Get<IncidentService>().DeclareAsync(declaration, SweepMode.Normal, null, CancellationToken.None));

        Assert.Equal("value store down", error.Message);
        Assert.Equal(200, await CountActiveAtServerAsync(values));
        var record = (await p.Get<IIncidentStore>().TryGetAsync("inc-vdel", CancellationToken.None))!;
        Assert.Equal(("done", 100, 100), (record.Status, record.Matched, record.Revoked));
        Assert.Single(await p.HistoryAsync(LedgerChains.System), e => e.Type == "incident.completed");
        var kept = values.Keys.First(k => IsPartner(k, 'b'));
        var secretRef = (await p.Get<ITokenStore>().TryGetAsync(kept, CancellationToken.None))!.View.Credential!.SecretRef!;
        Assert.Equal(values[kept], await p.Get<LocalSecretStore>().TryGetAsync(secretRef, CancellationToken.None));
    }

    private sealed class FailingDeletions(ISecretStore inner) : ISecretStore
    {
        public bool CanResolve(string reference) => inner.CanResolve(reference);

        public Task<string?> TryGetAsync(string reference, CancellationToken cancellationToken) => inner.TryGetAsync(reference, cancellationToken);

        public Task<bool> TryDeleteAsync(string reference, CancellationToken cancellationToken) => throw new IOException("value store down");

        public Task<int> TryDeleteManyAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken) =>
            throw new IOException("value store down");
    }

    /// <summary>
    /// The gate bounds the calls open at the provider, not the work around them: with 4 places, the OAuth server never
    /// sees more than 4 revocation requests at once (and does see 4), while the tokens' values are read from their store
    /// more than 4 at a time (a value read does not hold a place). Both slowed down so that overlaps show.
    /// </summary>
    [Fact]
    public async Task Declare_ProviderSeesNoMoreCallsThanTheGate_AndValueReadsDoNotHoldAPlace()
    {
        var calls = new InFlight();
        var reads = new InFlight();
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile, configure: services =>
        {
            services.Configure<IncidentOptions>(o => o.MaxConcurrentTokens = 4);
            services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new CountedCalls(calls)));
            var original = services.Last(d => d.ServiceType == typeof(ISecretStore));
            services.Remove(original);
            services.AddSingleton<ISecretStore>(sp => new CountedReads((ISecretStore)original.ImplementationFactory!(sp), reads));
        });
        var values = await IssueAsync(p, "gate");
        var declaration = new IncidentDeclaration("inc-gate", new IncidentSelector { Source = "urn:partner:c" }, "partner c breached", "os:test", "revctl", DateTimeOffset.UtcNow);

        var report = await p.Get<IncidentService>().DeclareAsync(declaration, SweepMode.Normal, null, CancellationToken.None);

        Assert.Equal(100, report.ByOutcome.GetValueOrDefault(IncidentOutcomes.Revoked));
        Assert.Equal(200, await CountActiveAtServerAsync(values));
        Assert.Equal(100, calls.Total);
        Assert.Equal(4, calls.Max);
        Assert.True(reads.Max > 4, $"at most {reads.Max} value reads at once: the reads waited for the provider's places");
    }

    /// <summary>
    /// The answer to one token's revocation transaction is lost after Azurite committed it (the storage client retries,
    /// and the retry conflicts with the commit): the token is still reported revoked by this incident, its history holds
    /// one request and one confirmation, and its value is deleted with the others'.
    /// </summary>
    [Fact]
    public async Task Declare_OneTransactionAnswerLost_TheCommitIsRecognizedAndNothingIsRecordedTwice()
    {
        var lose = new LoseOneAnswer("revocation.confirmed");
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile, storage: options => options.AddPolicy(lose, Azure.Core.HttpPipelinePosition.PerRetry));
        var values = await IssueAsync(p, "lost");
        var declaration = new IncidentDeclaration("inc-lost", new IncidentSelector { Source = "urn:partner:a" }, "partner a breached", "os:test", "revctl", DateTimeOffset.UtcNow);

        var report = await p.Get<IncidentService>().DeclareAsync(declaration, SweepMode.Normal, null, CancellationToken.None);

        Assert.NotNull(lose.Lost);
        Assert.Equal(100, report.ByOutcome.GetValueOrDefault(IncidentOutcomes.Revoked));
        Assert.Equal(200, await CountActiveAtServerAsync(values));
        var tokenId = values.Keys.Single(k => lose.Lost!.Contains(KeyEncoding.Chain(k), StringComparison.Ordinal));
        var history = await p.HistoryAsync(tokenId);
        Assert.Single(history, e => e.Type == "revocation.requested");
        Assert.Single(history, e => e.Type == "revocation.confirmed");
        var record = (await p.Get<ITokenStore>().TryGetAsync(tokenId, CancellationToken.None))!;
        Assert.Equal(TokenStates.Revoked, record.State);
        Assert.Null(await p.Get<LocalSecretStore>().TryGetAsync(record.View.Credential!.SecretRef!, CancellationToken.None));
    }

    /// <summary>
    /// Lets the first transaction whose body contains <paramref name="marker"/> reach the storage, then throws as if its
    /// answer were lost on the way back (an IOException, which the client's retry policy retries).
    /// </summary>
    private sealed class LoseOneAnswer(string marker) : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private int _armed = 1;

        /// <summary>The body of the transaction whose answer was lost.</summary>
        public string? Lost { get; private set; }

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            var body = Volatile.Read(ref _armed) == 1 && message.Request.Method == Azure.Core.RequestMethod.Post && message.Request.Content is { } content
                ? await ReadAsync(content) : null;
            await ProcessNextAsync(message, pipeline);
            if (body is not null && body.Contains(marker, StringComparison.Ordinal) && message.Response.Status == 202 && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Lost = body;
                throw new IOException("the answer was lost on the way back");
            }
        }

        private static async Task<string> ReadAsync(Azure.Core.RequestContent content)
        {
            using var buffer = new MemoryStream();
            await content.WriteToAsync(buffer, CancellationToken.None);
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    /// <summary>
    /// An incident stopped part-way (its process cancelled after 30 provider calls, as a host shutting down does; some
    /// tokens revoked at the server but not yet recorded), then declared again as a redelivered event would: every one of
    /// partner b's tokens ends revoked with one request and one confirmation in its history (no marker needed), the
    /// others stay active, and the active count is never above the truth (the unsettled reservation leaves it low, the
    /// guard's safe side, docs/incidents.md).
    /// </summary>
    [Fact]
    public async Task Declare_StoppedPartWay_ARepeatFinishesWithOneRecordPerToken_AndTheCountNeverAboveTheTruth()
    {
        using var stop = new CancellationTokenSource();
        var calls = 0;
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile, configure: services =>
            services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new AfterEachCall(() =>
            {
                if (Interlocked.Increment(ref calls) == 30) stop.Cancel();
            }))));
        var values = await IssueAsync(p, "stop");
        var declaration = new IncidentDeclaration("inc-stop", new IncidentSelector { Source = "urn:partner:b" }, "partner b breached", null, "revctl", DateTimeOffset.UtcNow);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => p.Get<IncidentService>().DeclareAsync(declaration, SweepMode.Normal, null, stop.Token));
        var store = p.Get<ITokenStore>();
        var partner = values.Keys.Where(k => IsPartner(k, 'b')).ToList();
        var recorded = 0;
        foreach (var id in partner) if ((await store.TryGetAsync(id, CancellationToken.None))!.State == TokenStates.Revoked) recorded++;
        Assert.InRange(recorded, 0, 99);
        var counter = p.Get<IActiveTokenCounter>();
        await p.Get<TableActiveTokenCounter>().FlushAsync(CancellationToken.None);
        Assert.True(await counter.GetAsync(CancellationToken.None) <= await counter.CountExactlyAsync(CancellationToken.None));

        var repeat = await p.Get<IncidentService>().DeclareAsync(declaration, SweepMode.Normal, null, CancellationToken.None);

        // A transaction the stopped run had sent can still land after it stopped (Azurite finishes a request whose client
        // gave up, as a storage account would): such a token is revoked by the first run, not by the repeat.
        Assert.InRange(repeat.ByOutcome.GetValueOrDefault(IncidentOutcomes.Revoked), 1, 100 - recorded);
        Assert.Equal(200, await CountActiveAtServerAsync(values));
        foreach (var id in partner)
        {
            var history = await p.HistoryAsync(id);
            Assert.Single(history, e => e.Type == "revocation.requested");
            Assert.Single(history, e => e.Type == "revocation.confirmed");
            Assert.Equal(TokenStates.Revoked, (await store.TryGetAsync(id, CancellationToken.None))!.State);
        }
        await p.Get<TableActiveTokenCounter>().FlushAsync(CancellationToken.None);
        Assert.True(await counter.GetAsync(CancellationToken.None) <= 200);
        Assert.Equal(200, await counter.CountExactlyAsync(CancellationToken.None));
    }

    /// <summary>Runs <paramref name="after"/> once each provider call has been answered.</summary>
    private sealed class AfterEachCall(Action after) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            after();
            return response;
        }
    }

    /// <summary>How many of something run at once, at most, and in all.</summary>
    private sealed class InFlight
    {
        private int _now;
        private int _max;
        private int _total;

        public int Max => Volatile.Read(ref _max);

        public int Total => Volatile.Read(ref _total);

        public async Task<T> RunAsync<T>(Func<Task<T>> work)
        {
            var now = Interlocked.Increment(ref _now);
            Interlocked.Increment(ref _total);
            for (var seen = Volatile.Read(ref _max); now > seen; seen = Volatile.Read(ref _max))
                if (Interlocked.CompareExchange(ref _max, now, seen) == seen) break;
            try
            {
                await Task.Delay(25);
                return await work();
            }
            finally
            {
                Interlocked.Decrement(ref _now);
            }
        }
    }

    private sealed class CountedCalls(InFlight calls) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            calls.RunAsync(() => base.SendAsync(request, cancellationToken));
    }

    private sealed class CountedReads(ISecretStore inner, InFlight reads) : ISecretStore
    {
        public bool CanResolve(string reference) => inner.CanResolve(reference);

        public Task<string?> TryGetAsync(string reference, CancellationToken cancellationToken) =>
            reference.StartsWith(LocalSecretStore.Scheme, StringComparison.Ordinal)
                ? reads.RunAsync(() => inner.TryGetAsync(reference, cancellationToken))
                : inner.TryGetAsync(reference, cancellationToken);

        public Task<bool> TryDeleteAsync(string reference, CancellationToken cancellationToken) => inner.TryDeleteAsync(reference, cancellationToken);

        public Task<int> TryDeleteManyAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken) =>
            inner.TryDeleteManyAsync(references, cancellationToken);
    }

    /// <summary>
    /// The index's count is only a bound: tokens revoked by an incident by source keep their class rows (cleaned when an
    /// incident by class reads them), so a class index can hold more rows than live tokens. Over the guard's 150 by the
    /// index, the incident reads every state row first and the exact slice decides: over the bound it stops (and cleans
    /// the closed tokens' rows), within it the live tokens are revoked (a stale index must not stop an incident within bounds).
    /// </summary>
    [Fact]
    public async Task Declare_IndexOverTheGuardButExactSliceWithin_ReadsFirstThenRevokesTheLiveOnes()
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        var values = await IssueAsync(p, "bound");
        var incidents = p.Get<IncidentService>();
        IncidentDeclaration Declare(string id, IncidentSelector selector) => new(id, selector, "partner breached", "os:test", "revctl", DateTimeOffset.UtcNow);
        await incidents.DeclareAsync(Declare("bound-a", new IncidentSelector { Source = "urn:partner:a" }), SweepMode.Normal, null, CancellationToken.None);

        // 300 class rows, 200 live: over the guard by the exact count too.
        var held = await incidents.DeclareAsync(Declare("bound-class-1", new IncidentSelector { Class = "batch" }), SweepMode.Normal, null, CancellationToken.None);
        Assert.True(held.GuardTripped);
        Assert.Equal((300, 300, 200), (held.HintsRead, held.TokensRead, held.Revocations));
        Assert.Equal(200, await CountActiveAtServerAsync(values));

        await incidents.DeclareAsync(Declare("bound-b", new IncidentSelector { Source = "urn:partner:b" }), SweepMode.Normal, null, CancellationToken.None);
        var run = await incidents.DeclareAsync(Declare("bound-class-2", new IncidentSelector { Class = "batch" }), SweepMode.Normal, null, CancellationToken.None);

        // 200 class rows left (partner a's were cleaned by the held run), 100 live: within the guard.
        Assert.False(run.GuardTripped);
        Assert.Equal((200, 200, 100), (run.HintsRead, run.TokensRead, run.Revocations));
        Assert.Equal(new Dictionary<string, int> { [IncidentOutcomes.AlreadyRevoked] = 100, [IncidentOutcomes.Revoked] = 100 }, run.ByOutcome);
        Assert.Equal(0, await CountActiveAtServerAsync(values));
        var completed = (await p.HistoryAsync(LedgerChains.System)).Last(e => e.Type == "incident.completed");
        Assert.Contains("\"incident\":\"bound-class-2\"", completed.Data, StringComparison.Ordinal);
        Assert.Contains("\"revocations\":100", completed.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentDeclaredEvent_BySource_RevokesThePartnerOnly_AndOverTheGuardStopsUntilConfirmed()
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        var values = await IssueAsync(p, "evt");
        var now = DateTimeOffset.UtcNow;

        var result = await p.DeliverAsync(Events.Incident("siem-1", """{"source":"urn:partner:c"}""", "Drift token theft", now), QueueNames.IdentityEvents);

        Assert.Equal(IntakeOutcome.Accepted, result.Outcome);
        foreach (var (id, value) in values)
        {
            Assert.Equal(!IsPartner(id, 'c'), await oauth.IsActiveAsync(value));
            if (!IsPartner(id, 'c')) continue;
            var requested = Assert.Single(await p.HistoryAsync(id), e => e.Type == "revocation.requested");
            Assert.Contains("\"incident\":\"siem-1\"", requested.Data, StringComparison.Ordinal);
            Assert.Contains("\"actor\":\"soc@contoso.com\"", requested.Data, StringComparison.Ordinal);
        }

        // The provider's whole estate left is 200 tokens, over the guard's 150: the event is refused, nothing revoked.
        var tripped = await p.DeliverAsync(Events.Incident("siem-2", """{"provider":"corp"}""", "provider compromised", now), QueueNames.IdentityEvents);
        Assert.Equal(IntakeOutcome.Rejected, tripped.Outcome);
        Assert.Contains("maxRevocationsPerRun 150", tripped.Reason, StringComparison.Ordinal);
        Assert.Equal(200, await CountActiveAtServerAsync(values));
        Assert.Contains(await p.HistoryAsync(LedgerChains.System), e => e.Type == "incident.guard-tripped" && e.Data.Contains("siem-2", StringComparison.Ordinal));
        Assert.Equal("guard-tripped", (await p.Get<IIncidentStore>().TryGetAsync("siem-2", CancellationToken.None))!.Status);

        var confirmed = await p.DeliverAsync(Events.Incident("siem-3", """{"provider":"corp"}""", "provider compromised", now, confirm: true), QueueNames.IdentityEvents);
        Assert.Equal(IntakeOutcome.Accepted, confirmed.Outcome);
        Assert.Equal(0, await CountActiveAtServerAsync(values));
    }

    [Theory]
    [InlineData("""{}""", "must name at least one of")]
    [InlineData("""{"class":"nope"}""", "$.data.selector.class 'nope' is not a class of the policy (classes: batch, ci)")]
    [InlineData("""{"provider":"other"}""", "$.data.selector.provider 'other' is not a provider of the policy")]
    [InlineData("""{"sources":"urn:partner:b"}""", "$.data.selector.sources is not a selector dimension")]
    [InlineData("""{"source":"urn:partner:b","scope":"a b"}""", "$.data.selector.scope must be one scope value")]
    [InlineData("""{"source":""}""", "$.data.selector.source must not be empty")]
    [InlineData("""{"issuedBefore":"2026-01-01T00:00:00Z"}""", "must name at least one of")]
    public async Task IncidentDeclaredEvent_BadSelector_IsKeptAsARejectionWithItsReason(string selector, string reason)
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        await p.DeliverAsync(Events.IssuedBy("urn:partner:b", "iss-bad", "bad:1", "batch", "owner@x", DateTimeOffset.UtcNow.AddMinutes(-1)));

        var result = await p.DeliverAsync(Events.Incident($"bad-{Guid.NewGuid():N}", selector, "breach", DateTimeOffset.UtcNow), QueueNames.IdentityEvents);

        Assert.Equal(IntakeOutcome.Invalid, result.Outcome);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        var kept = new List<Rejection>();
        await foreach (var r in p.Get<IRejectionStore>().ListAsync(QueueNames.IdentityEvents, CancellationToken.None)) kept.Add(r);
        Assert.Contains(kept, r => r.Reason == result.Reason);
        Assert.Equal(TokenStates.Active, (await p.Get<ITokenStore>().TryGetAsync("bad:1", CancellationToken.None))!.State);
    }

    [Theory]
    [InlineData("", "$.data.reason is empty")]
    [InlineData("two\\nlines", "$.data.reason holds control characters")]
    [InlineData("leaked eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefgh", "$.data.reason looks like it holds a token value")]
    public void IncidentDeclaredEvent_BadReason_IsInvalid(string reason, string problem)
    {
        var body = Events.Incident("r", """{"source":"urn:partner:b"}""", "placeholder", DateTimeOffset.UtcNow)
            .Replace("\"placeholder\"", JsonSerializer.Serialize(reason.Replace("\\n", "\n", StringComparison.Ordinal)), StringComparison.Ordinal);
        var parsed = EventParser.Parse(body);
        Assert.False(parsed.IsValid);
        Assert.StartsWith(problem, parsed.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfer_FromAnotherPartner_MovesTheTokenToThatSourcesSlice()
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy().Replace("\"allowedSources\": [\"urn:partner\"]", "\"allowedSources\": [\"urn:partner:c\"]", StringComparison.Ordinal), _keyFile);
        var now = DateTimeOffset.UtcNow;
        await p.DeliverAsync(Events.IssuedBy("urn:partner:b", "iss-t", "moved:1", "batch", "owner@x", now.AddMinutes(-2)));
        await p.DeliverAsync(Events.Transfer("xfer-t", "moved:1", "urn:partner:c", "owner@x", "dave@x", now.AddMinutes(-1)));
        var incidents = p.Get<IncidentService>();

        var b = await incidents.DeclareAsync(new IncidentDeclaration("i-b", new IncidentSelector { Source = "urn:partner:b" }, "x", null, "revctl", now), SweepMode.DryRun, null, CancellationToken.None);
        var c = await incidents.DeclareAsync(new IncidentDeclaration("i-c", new IncidentSelector { Source = "urn:partner:c" }, "x", null, "revctl", now), SweepMode.DryRun, null, CancellationToken.None);

        Assert.Empty(b.Items);
        Assert.Equal(1, b.HintsRead); // the old row is a hint, checked and not matched
        Assert.Equal("moved:1", Assert.Single(c.Items).TokenId);
    }

    [Fact]
    public async Task Declare_QueueFailsForSomeTokens_FailsTheRun_AndARepeatFinishesWithOneRequestPerToken()
    {
        var flaky = new FlakyQueue(failFirst: 5);
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile, configure: services =>
        {
            // Queue everything (no inline calls), through a queue whose first five sends fail as a storage outage would.
            services.Configure<IncidentOptions>(o => o.InlineBudget = TimeSpan.Zero);
            services.AddSingleton<IRevocationQueue>(sp => flaky.Over(new Revocation.Storage.QueueRevocationQueue(sp.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>())));
        });
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 30; i++)
            await p.DeliverAsync(Events.IssuedBy("urn:partner:f", $"iss-f{i}", $"flaky:{i:D2}", "batch", "owner@x", now.AddMinutes(-1)));
        var declaration = new IncidentDeclaration("inc-flaky", new IncidentSelector { Source = "urn:partner:f" }, "partner f breached", null, "revctl", now);

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => p.Get<IncidentService>().DeclareAsync(declaration, SweepMode.Normal, null, CancellationToken.None));
        var pending = 0;
        for (var i = 0; i < 30; i++)
            if ((await p.Get<ITokenStore>().TryGetAsync($"flaky:{i:D2}", CancellationToken.None))!.State == TokenStates.RevocationPending) pending++;
        Assert.Equal(25, pending);
        var record = (await p.Get<IIncidentStore>().TryGetAsync("inc-flaky", CancellationToken.None))!;
        Assert.Equal((30, 25), (record.Matched, record.Queued));

        var repeat = await p.Get<IncidentService>().DeclareAsync(declaration, SweepMode.Normal, null, CancellationToken.None);

        Assert.Equal(new Dictionary<string, int> { [IncidentOutcomes.AlreadyPending] = 25, [IncidentOutcomes.Queued] = 5 }, repeat.ByOutcome);
        for (var i = 0; i < 30; i++)
        {
            var history = await p.HistoryAsync($"flaky:{i:D2}");
            Assert.Single(history, e => e.Type == "revocation.requested");
            Assert.Equal(TokenStates.RevocationPending, (await p.Get<ITokenStore>().TryGetAsync($"flaky:{i:D2}", CancellationToken.None))!.State);
        }
        Assert.Single(await p.HistoryAsync(LedgerChains.System), e => e.Type == "incident.declared");
        Assert.Equal(30, await CountQueuedAsync(p));
    }

    private static async Task<int> CountQueuedAsync(Pipeline p) =>
        (await p.Clients.Queues.GetQueueClient(QueueNames.Revocations).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>The revocations queue, failing its first sends as an unreachable storage account does.</summary>
    private sealed class FlakyQueue(int failFirst)
    {
        private readonly int _failFirst = failFirst;
        private int _sends;

        public IRevocationQueue Over(IRevocationQueue inner) => new Queue(this, inner);

        private sealed class Queue(FlakyQueue owner, IRevocationQueue inner) : IRevocationQueue
        {
            public Task EnqueueAsync(Revocation.Core.Revocation.RevocationRequest request, TimeSpan? delay, CancellationToken cancellationToken) =>
                Interlocked.Increment(ref owner._sends) <= owner._failFirst
                    ? throw new Azure.RequestFailedException(503, "storage unavailable (test)")
                    : inner.EnqueueAsync(request, delay, cancellationToken);
        }
    }

    private async Task<int> CountActiveAtServerAsync(Dictionary<string, string> values)
    {
        var active = 0;
        foreach (var value in values.Values) if (await oauth.IsActiveAsync(value)) active++;
        return active;
    }
}
