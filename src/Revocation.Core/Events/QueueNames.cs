namespace Revocation.Core.Events;

/// <summary>Queue names. Poison queues are <c>&lt;queue&gt;-poison</c> (names stay ≤ 56 characters so the host can make one).</summary>
public static class QueueNames
{
    public const string TokenEvents = "token-events";
    public const string IdentityEvents = "identity-events";
    public const string Revocations = "revocations";
    public const string PoisonSuffix = "-poison";

    public static readonly IReadOnlyList<string> All = [TokenEvents, IdentityEvents, Revocations];

    public static string Poison(string queue) => queue + PoisonSuffix;
}
