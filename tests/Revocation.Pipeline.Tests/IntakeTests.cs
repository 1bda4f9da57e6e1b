using Revocation.Core.Intake;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

public sealed class IntakeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");
    private Pipeline? _pipeline;

    private Pipeline P => _pipeline ??= new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile);

    [Fact]
    public async Task Handle_SameEventFiveTimes_RecordsOneEntry()
    {
        var body = Events.Issued("dup-1", "dup:token", "batch", "alice", Now);
        var results = new List<IntakeResult>();
        for (var i = 0; i < 5; i++) results.Add(await P.DeliverAsync(body));
        Assert.Equal(IntakeOutcome.Accepted, results[0].Outcome);
        Assert.All(results.Skip(1), r => Assert.Equal(IntakeOutcome.Duplicate, r.Outcome));
        Assert.Single(await P.HistoryAsync("dup:token"));
    }

    [Fact]
    public async Task Handle_ConcurrentDeliveriesOfOneToken_LoseNoUpdate()
    {
        await P.DeliverAsync(Events.Issued("c-1", "conc:token", "batch", "alice", Now.AddMinutes(-30)));
        var uses = Enumerable.Range(0, 12).Select(i =>
            $$$"""{"specversion":"1.0","id":"use-{{{i}}}","source":"urn:broker","type":"token.used","time":"{{{Events.Time(Now.AddMinutes(-20 + i))}}}","data":{"tokenId":"conc:token"}}""");
        await Task.WhenAll(uses.Select(DeliverLikeTheQueueAsync));
        var history = await P.HistoryAsync("conc:token");
        Assert.Equal(13, history.Count);
        var token = await P.Get<ITokenStore>().TryGetAsync("conc:token", CancellationToken.None);
        Assert.Equal(Events.Time(Now.AddMinutes(-9)), Events.Time(token!.View.LastUsedAt!.Value));
    }

    /// <summary>
    /// Twelve writers of one token can lose the ETag race more than TokenWriter's bound; the conflict then
    /// propagates and the queue redelivers (host.json maxDequeueCount 5). This delivers the same way.
    /// </summary>
    private async Task DeliverLikeTheQueueAsync(string body)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await P.DeliverAsync(body);
                return;
            }
            catch (TokenConflictException) when (attempt < 5)
            {
            }
        }
    }

    [Theory]
    [InlineData("urn:rogue", "alice", "bob", Reasons.SourceNotAllowed, "batch")]
    [InlineData("urn:partner", "carol", "bob", Reasons.FromOwnerMismatch, "batch")]
    [InlineData("urn:partner", "alice", "gone@x", Reasons.ToOwnerOffboarded, "batch")]
    [InlineData("urn:partner", "alice", "bob", Reasons.ClassNotTransferable, "ci")]
    public async Task Handle_UnauthorizedTransfer_IsLedgeredAndOwnerUnchanged(string source, string from, string to, string reason, string cls)
    {
        var tokenId = $"auth:{reason}";
        await P.DeliverAsync(Events.Offboarded("hr-gone", "gone@x", Now.AddDays(-1)), "identity-events");
        await P.DeliverAsync(Events.Issued($"i-{reason}", tokenId, cls, "alice", Now.AddMinutes(-10)));
        var result = await P.DeliverAsync(Events.Transfer($"t-{reason}", tokenId, source, from, to, Now.AddMinutes(-5)));

        Assert.Equal(IntakeOutcome.Rejected, result.Outcome);
        var token = await P.Get<ITokenStore>().TryGetAsync(tokenId, CancellationToken.None);
        Assert.Equal("alice", token!.View.Owner);
        var last = (await P.HistoryAsync(tokenId))[^1];
        Assert.Equal(("token.transferred", Decisions.Rejected, reason), (last.Type, last.Decision, last.Reason));
    }

    [Fact]
    public async Task Handle_HostileStream_ProcessesValidKeepsInvalidNeverThrows()
    {
        var rng = new Random(7);
        var hostileIds = new[] { "a/b", "c\\d", "e#f", "g?h", "x~system", "%41", "' or 1=1 --", "PartitionKey eq 'x'" };
        var valid = hostileIds.Select((id, i) => Events.Issued($"h-{i}", id, "batch", "alice", Now)).ToList();
        var invalid = new List<string>
        {
            Convert.ToBase64String(Enumerable.Range(0, 64).Select(_ => (byte)rng.Next(256)).ToArray()),
            "{\"specversion\":\"1.0\"}",
            new string('x', 60_000),
            "{\"specversion\":\"1.0\",\"id\":\"w\",\"source\":\"s\",\"type\":\"token.issued\",\"time\":\"2026-11-28T10:00:00Z\",\"data\":{\"tokenId\":42}}",
            "{\"specversion\":\"1.0\",\"id\":\"c\",\"source\":\"s\",\"type\":\"token.used\",\"time\":\"2026-11-28T10:00:00Z\",\"data\":{\"tokenId\":\"a\\u0000b\"}}",
            Events.Issued("leak", "leak:token", "batch", "alice", Now, "{\"value\":\"LEAKED-token-value-0123456789\"}"),
            // The ledger's own chain (~system) is not a token id: refused, never written into that chain.
            Events.Issued("sys", "~system", "batch", "alice", Now),
            "{\"specversion\":\"1.0\",\"id\":\"p\",\"source\":\"urn:revocation:pipeline\",\"type\":\"token.used\",\"time\":\"2026-11-28T10:00:00Z\",\"data\":{\"tokenId\":\"a\"}}",
        };
        var stream = valid.Concat(invalid).OrderBy(_ => rng.Next()).ToList();
        var outcomes = new List<IntakeOutcome>();
        foreach (var body in stream) outcomes.Add((await P.DeliverAsync(body)).Outcome);

        Assert.Equal(valid.Count, outcomes.Count(o => o == IntakeOutcome.Accepted));
        Assert.Equal(invalid.Count, outcomes.Count(o => o == IntakeOutcome.Invalid));
        foreach (var id in hostileIds)
            Assert.Equal(TokenStates.Active, (await P.Get<ITokenStore>().TryGetAsync(id, CancellationToken.None))!.State);
        var kept = new List<Rejection>();
        await foreach (var r in P.Get<IRejectionStore>().ListAsync("token-events", CancellationToken.None)) kept.Add(r);
        Assert.True(kept.Count >= invalid.Count);
        Assert.All(kept, r => Assert.False(string.IsNullOrEmpty(r.Reason)));
        Assert.DoesNotContain(await P.EverythingStoredAsync(), s => s.Contains("LEAKED-token-value", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _pipeline?.Dispose();
        File.Delete(_keyFile);
    }
}
