using Revocation.Core.Events;
using Revocation.Core.Policy;

namespace Revocation.Core.Tokens;

/// <summary>
/// Derives a token's view from its inputs, in event-time order. Pure: the same inputs, policy and offboarding
/// records give the same view whatever order the events arrived in.
/// </summary>
public static class TokenFold
{
    /// <summary>The source the pipeline uses for its own transfers (offboarding reassignments).</summary>
    public const string PipelineSource = "urn:revocation:pipeline";

    public static TokenView Derive(
        string tokenId, TokenInputs inputs, PolicyDocument policy, IReadOnlyDictionary<string, DateTimeOffset> offboarded)
    {
        var decisions = new Dictionary<string, string>(StringComparer.Ordinal);
        var issued = inputs.Issued;
        var cls = issued is null ? null : policy.FindClass(issued.Class);
        if (issued is null || cls is null)
        {
            foreach (var t in inputs.Transfers) decisions[t.Envelope.Key] = Decisions.Pending;
            return new TokenView { TokenId = tokenId, TransferDecisions = decisions, LastUsedAt = inputs.LastUsedAt, Retired = inputs.Retired };
        }

        var owner = issued.Owner;
        var source = issued.Envelope.Source;
        foreach (var t in inputs.Transfers)
        {
            var reason = AuthorizeTransfer(t, owner, cls, offboarded);
            decisions[t.Envelope.Key] = reason is null ? Decisions.Accepted : $"{Decisions.Rejected}:{reason}";
            if (reason is not null) continue;
            owner = t.ToOwner;
            if (t.Envelope.Source != PipelineSource) source = t.Envelope.Source;
        }

        var flags = new List<string>();
        var expiresAt = issued.ExpiresAt;
        if (cls.MaxTtl is { } maxTtl && (expiresAt is null || expiresAt > issued.IssuedAt + maxTtl))
        {
            if (expiresAt is not null) flags.Add("ttl-clamped");
            expiresAt = issued.IssuedAt + maxTtl;
        }
        if (cls.RequireOwner && issued.Owner is null) flags.Add("owner-missing");
        if (cls.RequireApproval && issued.Approval is null) flags.Add(Reasons.ApprovalMissing);
        if (issued.Discovered is { } found) flags.Add(found.Unclassified ? Reasons.Unclassified : Reasons.Discovered);

        return new TokenView
        {
            TokenId = tokenId,
            IsRegistered = true,
            Class = cls.Name,
            Owner = owner,
            Holder = issued.Holder,
            Source = source,
            IssuedAt = issued.IssuedAt,
            ExpiresAt = expiresAt,
            LastUsedAt = inputs.LastUsedAt is { } used && used > issued.IssuedAt ? used : null,
            Approval = issued.Approval,
            Credential = issued.Credential,
            Scope = issued.Scope,
            Retired = inputs.Retired,
            Flags = flags,
            UnclassifiedDueAt = issued.Discovered is { Unclassified: true } u ? policy.Discovery.Unmatched.DueAt(u.DiscoveredAt) : null,
            TransferDecisions = decisions,
        };
    }

    /// <summary>Null when the transfer is authorized, else the rejection reason.</summary>
    public static string? AuthorizeTransfer(
        TokenTransferred t, string? currentOwner, ClassPolicy cls, IReadOnlyDictionary<string, DateTimeOffset> offboarded)
    {
        var byPipeline = t.Envelope.Source == PipelineSource;
        if (!byPipeline && cls.TransferAllowedSources is null) return Reasons.ClassNotTransferable;
        if (!byPipeline && !cls.TransferAllowedSources!.Contains(t.Envelope.Source)) return Reasons.SourceNotAllowed;
        if (!PersonIds.Same(t.FromOwner, currentOwner)) return Reasons.FromOwnerMismatch;
        if (offboarded.TryGetValue(t.ToOwner, out var effective) && effective <= t.Envelope.Time) return Reasons.ToOwnerOffboarded;
        return null;
    }
}
