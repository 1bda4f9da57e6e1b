using Revocation.Core.Sweep;

namespace Revocation.Core.Incidents;

/// <summary>
/// What an incident found and did. <see cref="GuardReason"/> is set when the blast-radius guard tripped (nothing was
/// revoked unless <see cref="Mode"/> is <see cref="SweepMode.Confirm"/>). <see cref="HintsRead"/> counts index rows read
/// to find the slice and <see cref="TokensRead"/> the state rows read to check them.
/// </summary>
public sealed record IncidentReport(
    string Id,
    SweepMode Mode,
    IReadOnlyDictionary<string, string> Selector,
    IReadOnlyList<IncidentItem> Items,
    int Revocations,
    long ActiveTokens,
    string? GuardReason,
    int HintsRead,
    int TokensRead,
    int StaleHintsCleaned)
{
    public bool GuardTripped => GuardReason is not null;

    /// <summary>Tokens per outcome.</summary>
    public IReadOnlyDictionary<string, int> ByOutcome => Count(i => i.Outcome);

    /// <summary>Tokens per provider (<c>(none)</c> for a class that left the policy).</summary>
    public IReadOnlyDictionary<string, int> ByProvider => Count(i => i.Provider ?? "(none)");

    private SortedDictionary<string, int> Count(Func<IncidentItem, string> key) =>
        new(Items.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal), StringComparer.Ordinal);
}
