using Revocation.Core.Events;
using Revocation.Core.Revocation;

namespace Revocation.Core.Tokens;

/// <summary>A token as derived from its inputs under the current policy (no revocation status).</summary>
public sealed record TokenView
{
    public required string TokenId { get; init; }
    public bool IsRegistered { get; init; }
    public string? Class { get; init; }
    public string? Owner { get; init; }
    public string? Holder { get; init; }

    /// <summary>
    /// The publisher or partner the token came from: the issuance's event <c>source</c>, replaced by the source of each
    /// accepted transfer (the pipeline's own reassignments excepted: they move ownership, not the credential). Null for
    /// a state row written before this field existed until its next write (<see cref="TokenSources.Of"/> derives it).
    /// </summary>
    public string? Source { get; init; }
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>Effective expiry: the earlier of the event's <c>expiresAt</c> and issuance + the class's <c>maxTtl</c>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public Approval? Approval { get; init; }
    public CredentialReference? Credential { get; init; }
    public string? Scope { get; init; }
    public TokenRetired? Retired { get; init; }

    /// <summary>An unclassified discovered token under an unmatched policy of <c>revoke</c>: when its grace period ends.</summary>
    public DateTimeOffset? UnclassifiedDueAt { get; init; }

    /// <summary>Issuance problems the policy flags rather than rejects (they make the token due at once).</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>Decision of every transfer attempt, by event key: <c>accepted</c>, or <c>rejected:reason</c>, or <c>pending</c>.</summary>
    public IReadOnlyDictionary<string, string> TransferDecisions { get; init; } = new Dictionary<string, string>();

    public int AcceptedTransfers => TransferDecisions.Values.Count(d => d == Decisions.Accepted);
}
