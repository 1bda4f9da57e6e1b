namespace Revocation.Core.Evidence;

/// <summary>
/// One control and what the ledger's state evidences for it: <see cref="Status"/> <c>passed</c> (nothing failing among
/// <see cref="Checked"/> tokens), <c>failed</c> (the tokens in <see cref="Failing"/>, at most <see cref="ControlEvidence.MaxListed"/>
/// listed, <see cref="FailingCount"/> in all), or <c>not-evidenced</c> (no token the control applies to).
/// </summary>
public sealed record ControlResult(
    string Id, string Framework, string Title, string Status, string Rule, int Checked, int FailingCount, IReadOnlyList<string> Failing);
