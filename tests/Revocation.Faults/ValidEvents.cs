using System.Globalization;
using System.Text.Json;
using Revocation.Core.Events;

namespace Revocation.Faults;

/// <summary>Valid CloudEvents for a scenario: ids are markers (<c>fault-&lt;run&gt;-&lt;n&gt;</c>), tokens <c>fault:&lt;run&gt;:&lt;n&gt;</c>.</summary>
public sealed class ValidEvents(string run)
{
    public const string Source = "urn:faults:publisher";
    private int _next;

    public string Run => run;

    /// <summary><paramref name="count"/> events: token.issued for ⌈count/2⌉ tokens, then token.used for as many as fit.</summary>
    public IReadOnlyList<(SentMessage Message, string Body)> IssuedAndUsed(int count)
    {
        var tokens = (count + 1) / 2;
        var issuedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        var events = new List<(SentMessage, string)>(count);
        for (var i = 0; i < tokens; i++) events.Add(Issued(TokenId(i), issuedAt, secretRef: null));
        for (var i = 0; events.Count < count; i++) events.Add(Event(EventTypes.TokenUsed, TokenId(i), issuedAt.AddMinutes(1), new { tokenId = TokenId(i) }));
        return events;
    }

    public string TokenId(int i) => string.Create(CultureInfo.InvariantCulture, $"fault:{run}:{i}");

    /// <summary>token.issued for the scenario's class; with <paramref name="secretRef"/> the provider can revoke it.</summary>
    public (SentMessage Message, string Body) Issued(string tokenId, DateTimeOffset at, string? secretRef)
    {
        object credential = secretRef is null ? new { handle = "h-" + tokenId } : new { secretRef };
        return Event(EventTypes.TokenIssued, tokenId, at, new { tokenId, @class = FaultStand.ClassName, owner = FaultStand.Owner, credential });
    }

    public (SentMessage Message, string Body) Retired(string tokenId, DateTimeOffset at) =>
        Event(EventTypes.TokenRetired, tokenId, at, new { tokenId, reason = "fault suite: task done" });

    private (SentMessage, string) Event(string type, string tokenId, DateTimeOffset at, object data)
    {
        var marker = string.Create(CultureInfo.InvariantCulture, $"fault-{run}-v{Interlocked.Increment(ref _next)}");
        var body = JsonSerializer.Serialize(new
        {
            specversion = "1.0", id = marker, source = Source, type, datacontenttype = "application/json", data,
            time = at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        });
        return (new SentMessage(QueueNames.TokenEvents, marker, "valid", Raw: false, tokenId, Source, type), body);
    }
}
