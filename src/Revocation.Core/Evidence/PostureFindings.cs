using Revocation.Core.Incidents;
using Revocation.Core.Policy;
using Revocation.Core.Posture;
using Revocation.Core.Tokens;

namespace Revocation.Core.Evidence;

/// <summary>
/// What a CISO asks first, from the same token rows as the posture report (no scan of its own): the owners holding the
/// most live tokens, live tokens without an owner, tokens falling due within <see cref="PostureReport.DueSoon"/>, failed
/// revocations, zombies and incidents. Lists hold at most <see cref="ControlEvidence.MaxListed"/> rows.
/// </summary>
public sealed record PostureFindings(
    IReadOnlyList<OwnerCount> TopOwners,
    IReadOnlyList<string> WithoutOwner,
    IReadOnlyList<DueToken> DueSoon,
    IReadOnlyList<FailedToken> FailedRevocations,
    IReadOnlyList<string> Zombies,
    IReadOnlyList<IncidentRecord> Incidents)
{
    /// <summary>Owners listed in <see cref="TopOwners"/>.</summary>
    public const int TopOwnerCount = 10;

    /// <summary>
    /// Hook for request-time decisions (issue 14): uses denied at request time, once that feature records them. Null
    /// means the feature does not exist in this deployment, and reports show no section for it (never a zero).
    /// </summary>
    public int? DeniedUses { get; init; }

    public static PostureFindings From(
        IReadOnlyList<TokenRecord> tokens, PolicyDocument policy, IReadOnlyDictionary<string, DateTimeOffset> offboarded, DateTimeOffset now,
        IReadOnlyList<IncidentRecord> incidents)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(incidents);
        var active = tokens.Where(t => t.View.IsRegistered && t.IsActive).ToList();
        var owners = active.Where(t => t.View.Owner is not null).GroupBy(t => t.View.Owner!, PersonIds.Comparer)
            .Select(g => new OwnerCount(g.Key, g.Count())).OrderByDescending(o => o.Tokens).ThenBy(o => o.Owner, StringComparer.Ordinal)
            .Take(TopOwnerCount).ToList();
        var due = active
            .Select(t => (t.TokenId, DueAt: t.View.Class is { } c && policy.FindClass(c) is { } cls ? DueCalculator.NextDueAt(t.View, cls, offboarded) : t.NextDueAt))
            .Where(d => d.DueAt is { } at && at <= now + PostureReport.DueSoon)
            .OrderBy(d => d.DueAt).ThenBy(d => d.TokenId, StringComparer.Ordinal).Take(ControlEvidence.MaxListed)
            .Select(d => new DueToken(d.TokenId, d.DueAt!.Value)).ToList();
        return new PostureFindings(
            owners,
            [.. active.Where(t => t.View.Owner is null).Select(t => t.TokenId).Order(StringComparer.Ordinal).Take(ControlEvidence.MaxListed)],
            due,
            [.. tokens.Where(t => t.State == TokenStates.RevocationFailed).OrderBy(t => t.TokenId, StringComparer.Ordinal).Take(ControlEvidence.MaxListed)
                .Select(t => new FailedToken(t.TokenId, t.Revocation.Reason, t.Revocation.LastError))],
            [.. tokens.Where(PostureReport.IsZombie).Select(t => t.TokenId).Order(StringComparer.Ordinal).Take(ControlEvidence.MaxListed)],
            [.. incidents.OrderByDescending(i => i.DeclaredAt)]);
    }
}
