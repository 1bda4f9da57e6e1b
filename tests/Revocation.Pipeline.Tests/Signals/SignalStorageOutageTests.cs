using System.Net;
using System.Text.Json.Nodes;
using Revocation.Core.Events;

namespace Revocation.Pipeline.Tests.Signals;

/// <summary>Storage down while a transmitter pushes: no 202 (nothing was queued), an error the transmitter retries, no host crash.</summary>
public sealed class SignalStorageOutageTests : IAsyncLifetime
{
    private SignalStand _stand = null!;

    public async Task InitializeAsync() => _stand = await SignalStand.StartAsync(Events.Policy());

    public async Task DisposeAsync() => await _stand.DisposeAsync();

    [Fact]
    public async Task Post_StorageStopped_Answers5xxNot202AndTheNextRequestIsStillServed()
    {
        var claims = _stand.Partner.Claims("set-outage-1", SetEventTypes.OwnPrefix + "token.transferred",
            new JsonObject { ["tokenId"] = "corp:batch-1", ["fromOwner"] = "carol@contoso.com", ["toOwner"] = "dave@contoso.com" });
        await _stand.StopStorageAsync();

        using var first = await _stand.PostAsync(_stand.Partner.Sign(claims));
        using var second = await _stand.PostAsync(_stand.Partner.Sign(claims));

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
    }
}
