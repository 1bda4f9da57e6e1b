using System.Security.Cryptography;
using System.Text;
using Revocation.Core.Events;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests;

/// <summary>The revocation message handling in the core: a message that is not a request is kept like any rejection.</summary>
public sealed class RevocationMessageServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");

    [Fact]
    public async Task HandleAsync_OversizeBodyThatIsNotARequest_KeptWithReasonCutAtTheSharedCap()
    {
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile);
        var body = "{\"note\":\"" + new string('x', 40_000) + "\"}";
        var messageId = Guid.NewGuid().ToString();

        var result = await p.Get<RevocationMessageService>().HandleAsync(messageId, body, CancellationToken.None);

        Assert.Null(result);
        Rejection? kept = null;
        await foreach (var r in p.Get<IRejectionStore>().ListAsync(QueueNames.Revocations, CancellationToken.None))
            if (r.MessageId == messageId) kept = r;
        Assert.NotNull(kept);
        Assert.Equal(RevocationMessageService.NotARequest, kept.Reason);
        Assert.Equal(RejectionService.MaxKeptBodyChars, kept.Body.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))), kept.BodySha256);
    }

    [Theory]
    [InlineData("""{"tokenId":"hostile:1","reason":"line\nbreak","requestedAt":"2026-11-30T00:00:00Z","attempt":1}""")]
    [InlineData("""{"tokenId":"hostile:1","reason":"manual","requestedAt":"2026-11-30T00:00:00Z","attempt":0}""")]
    [InlineData("""{"tokenId":"hostile:1","reason":"manual","requestedAt":"2026-11-30T00:00:00Z","attempt":1,"requestedBy":"a\u0007b"}""")]
    public async Task HandleAsync_RequestOutsideTheLimits_KeptAsRejectionAndTheTokenUntouched(string body)
    {
        using var p = new Pipeline(azurite.ConnectionString, Events.Policy(), _keyFile);
        await p.DeliverAsync(Events.Issued("hostile-1", "hostile:1", "batch", "alice", DateTimeOffset.UtcNow.AddMinutes(-1)));

        var result = await p.Get<RevocationMessageService>().HandleAsync(Guid.NewGuid().ToString(), body, CancellationToken.None);

        Assert.Null(result);
        Assert.Equal(["token.issued"], (await p.HistoryAsync("hostile:1")).Select(e => e.Type).Distinct());
    }

    public void Dispose() => File.Delete(_keyFile);
}
