using Revocation.Core.Policy;
using Revocation.Core.Tokens;

namespace Revocation.Core.Evidence;

/// <summary>
/// Maps the posture report's findings to the controls the product exists for (docs/ledger.md, "Controls"): OWASP
/// Non-Human Identities Top 10 (NHI1 improper offboarding, NHI2 secret leakage, NHI3 vulnerable third-party NHI, NHI7
/// long-lived secrets) and NIST CSF 2.0 PR.AA (identities, credentials and access traceable as tokens change hands).
/// A pure function over the token rows the report was built from (no scan of its own) and the policy's rules.
/// </summary>
public static class ControlEvidence
{
    /// <summary>Failing tokens listed per control (the count is always complete).</summary>
    public const int MaxListed = 100;

    /// <summary>NHI7: an active credential whose effective life is longer than this is long-lived.</summary>
    public static readonly TimeSpan LongLived = TimeSpan.FromDays(90);

    public static IReadOnlyList<ControlResult> From(
        IReadOnlyList<TokenRecord> tokens, PolicyDocument policy, IReadOnlyDictionary<string, DateTimeOffset> offboarded, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(offboarded);
        var registered = tokens.Where(t => t.View.IsRegistered).ToList();
        var live = registered.Where(t => t.IsActive || t.State == TokenStates.RevocationFailed).ToList();
        var partners = policy.Classes.Values.SelectMany(c => c.TransferAllowedSources ?? []).ToHashSet(StringComparer.Ordinal);
        bool Offboarded(string? person) => person is not null && offboarded.TryGetValue(person, out var at) && at <= now;
        bool ThirdParty(TokenRecord t) => TokenSources.Of(t) is { } s && partners.Contains(s) || t.View.AcceptedTransfers > 0;
        bool Due(TokenRecord t) => t.View.Class is { } c && policy.FindClass(c) is { } cls && DueCalculator.ReasonsAt(t.View, cls, offboarded, now).Count > 0;
        bool Manual(TokenRecord t) => t.Revocation.Reason is { } r && !IsPolicyReason(r);

        return
        [
            Control("NHI1", "OWASP NHI Top 10 (2025)", "Improper offboarding",
                "no live token (active or revocation-failed) whose owner or holder has left",
                live, t => Offboarded(t.View.Owner) || Offboarded(t.View.Holder)),
            Control("NHI2", "OWASP NHI Top 10 (2025)", "Secret leakage",
                "every token revoked by hand or for an incident (a suspected leak) is confirmed revoked at its provider",
                registered.Where(Manual).ToList(), t => !TokenStates.IsClosed(t.State)),
            Control("NHI3", "OWASP NHI Top 10 (2025)", "Vulnerable third-party NHI",
                "every live token a partner issued or transferred (its source is a transfer.allowedSources partner, or it changed hands) is time-bound and not past due",
                live.Where(ThirdParty).ToList(), t => t.State == TokenStates.RevocationFailed || t.View.ExpiresAt is null || Due(t)),
            Control("NHI7", "OWASP NHI Top 10 (2025)", "Long-lived secrets",
                $"no live token without an expiry, living longer than {LongLived.TotalDays:0} days, or past its expiry",
                live, t => t.View.ExpiresAt is not { } exp || exp - t.View.IssuedAt > LongLived || exp <= now || t.State == TokenStates.RevocationFailed),
            Control("PR.AA", "NIST CSF 2.0", "Identity management, authentication and access control",
                "every live token has a current owner and a class the policy governs (its ledger chain, verified in the evidence pack, records each change of hands)",
                live, t => t.View.Owner is null || t.View.Class is null || policy.FindClass(t.View.Class) is null),
        ];
    }

    private static ControlResult Control(string id, string framework, string title, string rule, List<TokenRecord> applies, Func<TokenRecord, bool> fails)
    {
        var failing = applies.Where(fails).Select(t => t.TokenId).Order(StringComparer.Ordinal).ToList();
        var status = applies.Count == 0 ? "not-evidenced" : failing.Count == 0 ? "passed" : "failed";
        return new ControlResult(id, framework, title, status, rule, applies.Count, failing.Count, [.. failing.Take(MaxListed)]);
    }

    /// <summary>The reasons the pipeline's own rules give (sweep, offboarding, reconciliation); anything else was a person's or an incident's.</summary>
    private static bool IsPolicyReason(string reason) => reason is Reasons.Expired or Reasons.Idle or Reasons.Ownerless or Reasons.ApprovalExpired
        or Reasons.ApprovalMissing or Reasons.OwnerOffboarded or Reasons.HolderOffboarded or Reasons.Retired or Reasons.ClassRemoved
        or Reasons.Unclassified or Reasons.Zombie or Reasons.GoneAtProvider;
}
