using Revocation.Core.Events;

namespace Revocation.Core.Tokens;

/// <summary>
/// Everything a token's state is derived from, kept in its state row. The derivation (<see cref="TokenFold"/>)
/// orders inputs by (time, source, id), so any delivery order of the same events gives the same state.
/// </summary>
public sealed record TokenInputs
{
    /// <summary>Caps transfer attempts kept per token (a table property holds at most 64 KiB).</summary>
    public const int MaxTransfers = 100;

    public static readonly TokenInputs Empty = new();

    /// <summary>The issuance; when two differ, the earliest by (time, key) wins and the other is rejected.</summary>
    public TokenIssued? Issued { get; init; }

    public IReadOnlyList<TokenTransferred> Transfers { get; init; } = [];

    public DateTimeOffset? LastUsedAt { get; init; }

    public TokenRetired? Retired { get; init; }

    /// <summary>What reconciliation last recorded from the provider's listing; null until it recorded something.</summary>
    public Discovery.ProviderObservation? Observed { get; init; }

    public TokenInputs With(TokenEvent e) => e switch
    {
        TokenIssued i when Issued is null || Compare(i.Envelope, Issued.Envelope) < 0 => this with { Issued = i },
        TokenTransferred t when Transfers.All(x => x.Envelope.Key != t.Envelope.Key) =>
            this with { Transfers = [.. Transfers.Append(t).OrderBy(x => x.Envelope, EnvelopeOrder.Instance).Take(MaxTransfers)] },
        TokenUsed u when LastUsedAt is null || u.UsedAt > LastUsedAt => this with { LastUsedAt = u.UsedAt },
        TokenRetired r when Retired is null || Compare(r.Envelope, Retired.Envelope) < 0 => this with { Retired = r },
        _ => this,
    };

    private static int Compare(EventEnvelope a, EventEnvelope b) => EnvelopeOrder.Instance.Compare(a, b);
}
