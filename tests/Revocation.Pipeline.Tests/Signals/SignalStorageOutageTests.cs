using System.Net;
using System.Text.Json.Nodes;
using Revocation.Core.Events;
using Revocation.Testing;

namespace Revocation.Pipeline.Tests.Signals;

/// <summary>Storage down while a transmitter pushes: no 202 (nothing was queued), an error the transmitter retries, no host crash.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed by xunit through IAsyncLifetime.DisposeAsync.")]
public sealed class SignalStorageOutageTests : IAsyncLifetime
{
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"revocation-test-{Guid.NewGuid():N}.key");
    private readonly TestTransmitter _partner = new(SignalPolicies.PartnerIssuer, SignalPolicies.Audience);
    private AzuriteFixture? _azurite;
    private SignalStand _stand = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync();
        _stand = await SignalStand.StartAsync(_azurite.ConnectionString, SignalPolicies.With(Events.Policy(), _partner), _keyFile);
    }

    public async Task DisposeAsync()
    {
        await _stand.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
        _partner.Dispose();
        File.Delete(_keyFile);
    }

    [Fact]
    public async Task Post_StorageStopped_Answers5xxNot202AndTheNextRequestIsStillServed()
    {
        var claims = _partner.Claims("set-outage-1", SetEventTypes.OwnPrefix + "token.transferred",
            new JsonObject { ["tokenId"] = "corp:batch-1", ["fromOwner"] = "carol@contoso.com", ["toOwner"] = "dave@contoso.com" });
        await _azurite!.DisposeAsync();
        _azurite = null;

        using var first = await _stand.PostAsync(_partner.Sign(claims));
        using var second = await _stand.PostAsync(_partner.Sign(claims));

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
    }
}
