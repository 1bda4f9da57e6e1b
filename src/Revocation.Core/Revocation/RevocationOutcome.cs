namespace Revocation.Core.Revocation;

/// <summary>The provider's answer to a revocation, reduced to what the pipeline acts on.</summary>
public enum RevocationOutcomeKind
{
    /// <summary>The provider confirmed the revocation.</summary>
    Revoked,

    /// <summary>The provider says the credential no longer exists: counts as revoked.</summary>
    AlreadyGone,

    /// <summary>
    /// The provider removed the credential's access to the resource this pipeline governs, and the credential itself
    /// lives on (a GitHub fine-grained PAT's access to one organization). Confirmed, but recorded as its own
    /// outcome and the token's own state (<c>access-removed</c>), never as a revoked token.
    /// </summary>
    AccessRemoved,

    /// <summary>A passing failure (throttling, 5xx, timeout): try again after <see cref="RevocationOutcome.RetryAfter"/>.</summary>
    RetryLater,

    /// <summary>A permanent failure: retrying will not help.</summary>
    Failed,
}

/// <summary>
/// A provider adapter's result. <see cref="Detail"/> is short (at most 200 characters), names the provider's
/// answer (status, error code) and never contains a token value or secret.
/// </summary>
public sealed record RevocationOutcome(RevocationOutcomeKind Kind, string Detail, TimeSpan? RetryAfter = null)
{
    /// <summary>Maximum length of <see cref="Detail"/> as stored in the ledger.</summary>
    public const int MaxDetailLength = 200;

    /// <summary>The provider acted (or proved there was nothing left to act on): the token stops being governed as live.</summary>
    public bool IsConfirmed => Kind is RevocationOutcomeKind.Revoked or RevocationOutcomeKind.AlreadyGone or RevocationOutcomeKind.AccessRemoved;

    public static RevocationOutcome Revoked(string detail) => new(RevocationOutcomeKind.Revoked, Trim(detail));

    public static RevocationOutcome AlreadyGone(string detail) => new(RevocationOutcomeKind.AlreadyGone, Trim(detail));

    public static RevocationOutcome AccessRemoved(string detail) => new(RevocationOutcomeKind.AccessRemoved, Trim(detail));

    public static RevocationOutcome RetryLater(string detail, TimeSpan? after = null) => new(RevocationOutcomeKind.RetryLater, Trim(detail), after);

    public static RevocationOutcome Failed(string detail) => new(RevocationOutcomeKind.Failed, Trim(detail));

    private static string Trim(string detail) =>
        detail.Length <= MaxDetailLength ? detail : detail[..MaxDetailLength];
}
