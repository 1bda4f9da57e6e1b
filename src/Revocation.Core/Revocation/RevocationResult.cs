namespace Revocation.Core.Revocation;

/// <summary>What the worker did with one request.</summary>
public enum RevocationResult
{
    Revoked,
    AlreadyRevoked,
    RetryScheduled,
    Failed,
    UnknownToken,
    NotApplicable,
}
