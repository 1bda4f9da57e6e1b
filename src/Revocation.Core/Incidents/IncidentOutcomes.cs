namespace Revocation.Core.Incidents;

/// <summary>What an incident did to each token it matched.</summary>
public static class IncidentOutcomes
{
    /// <summary>Dry run: would be revoked.</summary>
    public const string WouldRevoke = "would-revoke";

    /// <summary>The provider confirmed (inline).</summary>
    public const string Revoked = "revoked";

    /// <summary>Requested: queued, or attempted inline without a confirmation yet (retried through the queue).</summary>
    public const string Queued = "queued";

    /// <summary>The provider refused for good, or the class left the policy: <c>revocation-failed</c>, for an operator.</summary>
    public const string Failed = "failed";

    /// <summary>A revocation was already under way (another path owns it).</summary>
    public const string AlreadyPending = "already-pending";

    /// <summary>Already revoked (or its access removed): nothing to do.</summary>
    public const string AlreadyRevoked = "already-revoked";

    /// <summary>The request could not be made (storage, say): the incident fails, and repeating it picks the token up.</summary>
    public const string Error = "error";

    /// <summary>Not acted on: the guard tripped and the incident was not confirmed.</summary>
    public const string Held = "held";
}
