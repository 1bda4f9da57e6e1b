namespace Revocation.Core.Sweep;

/// <summary>What a sweep found and did. <see cref="GuardReason"/> is set when the blast-radius guard tripped.</summary>
public sealed record SweepReport(
    DateTimeOffset At,
    SweepMode Mode,
    IReadOnlyList<SweepItem> Items,
    int Revocations,
    long ActiveTokens,
    string? GuardReason,
    int HintsRead,
    int TokensRead,
    int StaleHintsCleaned)
{
    public bool GuardTripped => GuardReason is not null;
}
