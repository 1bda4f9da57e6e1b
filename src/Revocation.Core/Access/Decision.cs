namespace Revocation.Core.Access;

/// <summary>
/// The answer: <see cref="Allowed"/> when <see cref="Reasons"/> is empty; <see cref="State"/> is the token's state (null for a
/// token never seen); the caller may reuse the answer for <see cref="CacheFor"/> (never past the instance's cache bound, the
/// token's expiry or any other moment it falls due).
/// </summary>
public sealed record Decision(string TokenId, IReadOnlyList<string> Reasons, string? State, TimeSpan CacheFor, DateTimeOffset EvaluatedAt)
{
    public const string Allow = "allow";
    public const string Deny = "deny";

    public bool Allowed => Reasons.Count == 0;

    public string Verdict => Allowed ? Allow : Deny;
}
