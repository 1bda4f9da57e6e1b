namespace Revocation.Core.Tokens;

/// <summary>The <c>decision</c> of a ledger entry.</summary>
public static class Decisions
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Flagged = "flagged";
    public const string Pending = "pending";
    public const string Recorded = "recorded";
}
