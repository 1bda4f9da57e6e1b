namespace Revocation.Core.Intake;

public enum IntakeOutcome
{
    /// <summary>Recorded, and applied to the token's state.</summary>
    Accepted,

    /// <summary>Recorded in the ledger as a rejected attempt (unauthorized transfer, unknown class).</summary>
    Rejected,

    /// <summary>Recorded before: nothing changed.</summary>
    Duplicate,

    /// <summary>The message can never succeed; kept in the rejections store with its reason.</summary>
    Invalid,
}

public sealed record IntakeResult(IntakeOutcome Outcome, string? Reason = null, string? Subject = null);
