namespace Revocation.Core.Policy;

/// <summary>
/// Reconciliation with the providers that can list their credentials (<c>discovery</c> in <c>policies.json</c>,
/// contracts §7): which providers to list, the rules that map a discovered credential to a class (first match wins),
/// and what governs one no rule matches. Absent: nothing is listed.
/// </summary>
public sealed record DiscoveryPolicy
{
    public static readonly DiscoveryPolicy None = new();

    /// <summary>Names of providers (keys of <c>providers</c>) to list. Default: none.</summary>
    public IReadOnlyList<string> Providers { get; init; } = [];

    /// <summary>Classification rules, tried in order; the first that matches gives the class.</summary>
    public IReadOnlyList<DiscoveryRule> Rules { get; init; } = [];

    /// <summary>What happens to a discovered credential no rule matches.</summary>
    public UnmatchedPolicy Unmatched { get; init; } = new();

    /// <summary>The first rule that matches <paramref name="credential"/> listed by <paramref name="provider"/>, or null.</summary>
    public DiscoveryRule? Match(string provider, Discovery.DiscoveredCredential credential) =>
        Rules.FirstOrDefault(r => r.Matches(provider, credential));
}
