namespace Revocation.Core.Policy;

/// <summary>
/// <c>discovery.unmatched</c>: a discovered credential no rule matches is recorded with the flag <c>unclassified</c>
/// and governed by its provider's class in <see cref="Classes"/> (TTL, idle, owner, offboarding). With
/// <see cref="Action"/> <c>revoke</c> it also falls due <see cref="GracePeriod"/> after it was discovered (reason
/// <c>unclassified</c>), so an owner has that long to write a rule for it.
/// </summary>
public sealed record UnmatchedPolicy
{
    public const string Flag = "flag";
    public const string Revoke = "revoke";

    /// <summary><c>flag</c> (default) or <c>revoke</c>.</summary>
    public string Action { get; init; } = Flag;

    /// <summary>With <c>revoke</c>: how long after discovery the credential falls due. Default P7D, at least PT0S.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The class that governs unmatched credentials, by provider name; each listed provider needs one.</summary>
    public IReadOnlyDictionary<string, string> Classes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>When an unclassified credential discovered at <paramref name="discoveredAt"/> falls due, if ever.</summary>
    public DateTimeOffset? DueAt(DateTimeOffset discoveredAt) => Action == Revoke ? discoveredAt + GracePeriod : null;
}
