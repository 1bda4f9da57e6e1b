using Revocation.Core.Intake;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>Issuance checked against its class: rejected when it cannot be governed, flagged and due at once otherwise.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed by xunit through IAsyncLifetime.DisposeAsync.")]
public sealed class IssuancePolicyTests : IAsyncLifetime
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");
    private AzuriteFixture _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        File.Delete(_keyFile);
    }

    private static string Policy() => Events.Policy().Replace(
        "\"classes\": {",
        "\"classes\": { \"approved\": { \"owner\": \"owner@x\", \"provider\": \"corp\", \"maxTtl\": \"P30D\", \"requireApproval\": true },",
        StringComparison.Ordinal);

    private static string Issued(string id, string cls, string? owner, string extra = "") =>
        $$$"""{"specversion":"1.0","id":"{{{id}}}","source":"urn:broker","type":"token.issued","time":"{{{Events.Time(DateTimeOffset.UtcNow.AddMinutes(-1))}}}","data":{"tokenId":"{{{id}}}","class":"{{{cls}}}","owner":{{{(owner is null ? "null" : $"\"{owner}\"")}}},"credential":{"handle":"h"}{{{extra}}}}}""";

    [Fact]
    public async Task Issue_AgainstClassPolicy_RejectsOrFlagsAndTheSweepRevokesWhatIsUngoverned()
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        var later = Events.Time(DateTimeOffset.UtcNow.AddDays(400));
        var past = Events.Time(DateTimeOffset.UtcNow.AddSeconds(-10));

        var unknown = await p.DeliverAsync(Issued("unknown-class", "no-such-class", "alice"));
        var ownerless = await p.DeliverAsync(Issued("ownerless", "batch", null));
        var clamped = await p.DeliverAsync(Issued("clamped", "batch", "alice", $",\"expiresAt\":\"{later}\""));
        var unapproved = await p.DeliverAsync(Issued("unapproved", "approved", "alice"));
        var lapsed = await p.DeliverAsync(Issued("lapsed", "approved", "alice", $",\"approval\":{{\"id\":\"CHG-1\",\"expiresAt\":\"{past}\"}}"));
        var fine = await p.DeliverAsync(Issued("fine", "approved", "alice", $",\"approval\":{{\"id\":\"CHG-2\",\"expiresAt\":\"{later}\"}}"));

        Assert.Equal((IntakeOutcome.Rejected, Reasons.UnknownClass), (unknown.Outcome, unknown.Reason));
        Assert.Equal(TokenStates.Unregistered, (await p.Get<ITokenStore>().TryGetAsync("unknown-class", CancellationToken.None))!.State);
        Assert.Equal((IntakeOutcome.Accepted, "owner-missing"), (ownerless.Outcome, ownerless.Reason));
        Assert.Equal((IntakeOutcome.Accepted, "ttl-clamped"), (clamped.Outcome, clamped.Reason));
        Assert.Equal((IntakeOutcome.Accepted, Reasons.ApprovalMissing), (unapproved.Outcome, unapproved.Reason));
        Assert.Equal((IntakeOutcome.Accepted, null), (lapsed.Outcome, lapsed.Reason));
        Assert.Equal((IntakeOutcome.Accepted, null), (fine.Outcome, fine.Reason));
        var issuedEntry = (await p.HistoryAsync("ownerless"))[0];
        Assert.Equal((Decisions.Flagged, "owner-missing"), (issuedEntry.Decision, issuedEntry.Reason));

        var clampedToken = (await p.Get<ITokenStore>().TryGetAsync("clamped", CancellationToken.None))!;
        Assert.True(clampedToken.View.ExpiresAt < DateTimeOffset.UtcNow.AddDays(91));

        var report = await p.SweepAsync();
        var due = report.Items.ToDictionary(i => i.TokenId, i => i.Reasons);
        Assert.Equal(3, due.Count);
        Assert.Contains(Reasons.Ownerless, due["ownerless"]);
        Assert.Contains(Reasons.ApprovalMissing, due["unapproved"]);
        Assert.Contains(Reasons.ApprovalExpired, due["lapsed"]);
    }

    [Fact]
    public async Task Retire_ActiveToken_QueuesRevocationWithReasonRetired()
    {
        using var p = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        await p.DeliverAsync(Issued("task-done", "batch", "alice"));
        await p.DeliverAsync($$$"""{"specversion":"1.0","id":"r1","source":"urn:broker","type":"token.retired","time":"{{{Events.Time(DateTimeOffset.UtcNow)}}}","data":{"tokenId":"task-done","reason":"job finished"}}""");

        var token = (await p.Get<ITokenStore>().TryGetAsync("task-done", CancellationToken.None))!;
        Assert.Equal((TokenStates.RevocationPending, Reasons.Retired), (token.State, token.Revocation.Reason));
        var history = await p.HistoryAsync("task-done");
        Assert.Equal(["token.issued", "token.retired", "revocation.requested"], history.Select(e => e.Type));
    }

    [Fact]
    public async Task Sweep_TwoRunsOverlapping_RequestEachRevocationOnce()
    {
        using var a = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        using var b = new Pipeline(_azurite.ConnectionString, Policy(), _keyFile);
        for (var i = 0; i < 8; i++) await a.DeliverAsync(Events.Issued($"o{i}", $"overlap:{i}", "ci", "alice", DateTimeOffset.UtcNow.AddHours(-2)));

        await Task.WhenAll(a.SweepAsync(), b.SweepAsync());
        await a.DrainRevocationsAsync();

        for (var i = 0; i < 8; i++)
        {
            var history = await a.HistoryAsync($"overlap:{i}");
            Assert.Single(history, e => e.Type == "revocation.requested");
            Assert.Single(history, e => e.Type is "revocation.failed" or "revocation.confirmed");
        }
    }
}
