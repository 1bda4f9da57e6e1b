namespace Revocation.Core.Revocation;

/// <summary>The provider's answer to a revocation, reduced to what the pipeline acts on.</summary>
public enum RevocationOutcomeKind
{
    /// <summary>The provider confirmed the revocation.</summary>
    Revoked,

    /// <summary>The provider says the credential no longer exists: counts as revoked.</summary>
    AlreadyGone,

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

    public bool IsConfirmed => Kind is RevocationOutcomeKind.Revoked or RevocationOutcomeKind.AlreadyGone;

    public static RevocationOutcome Revoked(string detail) => new(RevocationOutcomeKind.Revoked, Trim(detail));

    public static RevocationOutcome AlreadyGone(string detail) => new(RevocationOutcomeKind.AlreadyGone, Trim(detail));

    public static RevocationOutcome RetryLater(string detail, TimeSpan? after = null) => new(RevocationOutcomeKind.RetryLater, Trim(detail), after);

    public static RevocationOutcome Failed(string detail) => new(RevocationOutcomeKind.Failed, Trim(detail));

    private static string Trim(string detail) =>
        detail.Length <= MaxDetailLength ? detail : detail[..MaxDetailLength];
}
