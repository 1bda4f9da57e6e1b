using System.Globalization;

namespace Revocation.Faults;

/// <summary>
/// What a fault scenario ends with, counted from storage (and the OAuth server) after the drain. <see cref="Failures"/>
/// lists every breach of issue 11's bar: a loss, a duplicate, an unaccounted message, a token recorded revoked that the
/// provider did not confirm.
/// </summary>
public sealed record FaultFigures
{
    public required string Scenario { get; init; }

    /// <summary>Messages put on the intake queues: valid events plus hostile messages.</summary>
    public int Sent { get; init; }

    public int SentValid { get; init; }

    /// <summary>Valid events found in the ledger (at least once).</summary>
    public int Recorded { get; init; }

    /// <summary>Valid events not in the ledger: <c>SentValid − Recorded</c>.</summary>
    public int Lost => SentValid - Recorded;

    /// <summary>Events whose (source, id) the ledger holds more than once (counted once per event).</summary>
    public int Duplicated { get; init; }

    /// <summary>Messages we sent that sit in a <c>&lt;queue&gt;-poison</c> queue (matched by body).</summary>
    public int Poisoned { get; init; }

    /// <summary>Messages we sent that the rejections table keeps with a reason (matched by message id).</summary>
    public int Rejected { get; init; }

    /// <summary>Sent messages neither recorded, rejected nor poisoned.</summary>
    public int Unaccounted { get; init; }

    /// <summary>From the end of the last fault until every queue was empty; null when the bound ran out first.</summary>
    public TimeSpan? DrainTime { get; init; }

    public TimeSpan DrainBound { get; init; }

    /// <summary>Faults injected (kills, stops), as the scenario counts them.</summary>
    public int Faults { get; init; }

    /// <summary>Times <c>revctl run</c> exited without being told to (the supervisor started it again).</summary>
    public int UnplannedHostExits { get; init; }

    /// <summary>Tokens recorded <c>revoked</c> (provider scenario).</summary>
    public int Revoked { get; init; }

    /// <summary>Tokens recorded <c>revoked</c> that introspection still shows active: revoked unconfirmed.</summary>
    public int RevokedUnconfirmed { get; init; }

    /// <summary>Tokens the server shows inactive but the ledger does not record revoked (informative).</summary>
    public int InactiveNotRecorded { get; init; }

    public int RevocationFailed { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Every breach, one line each; empty when the scenario passed.</summary>
    public IReadOnlyList<string> Failures()
    {
        var failures = new List<string>();
        if (Lost > 0) failures.Add($"{Scenario}: {Lost} of {SentValid} valid events lost (not in the ledger)");
        if (Duplicated > 0) failures.Add($"{Scenario}: {Duplicated} events recorded more than once");
        if (Unaccounted > 0) failures.Add($"{Scenario}: {Unaccounted} of {Sent} messages unaccounted (neither recorded, rejected nor poisoned)");
        if (RevokedUnconfirmed > 0) failures.Add($"{Scenario}: {RevokedUnconfirmed} tokens recorded revoked but still active at the provider");
        if (DrainTime is null) failures.Add($"{Scenario}: queues not empty {DrainBound.TotalSeconds:0} s after the last fault");
        return failures;
    }

    /// <summary>The figures as <c>name: value unit</c> lines, each prefixed with the scenario.</summary>
    public IEnumerable<string> Lines()
    {
        string L(string name, double value, string unit = "") =>
            string.Create(CultureInfo.InvariantCulture, $"{Scenario}.{name}: {value}{(unit.Length > 0 ? " " + unit : "")}");
        yield return L("sent", Sent, "messages");
        yield return L("sent_valid", SentValid, "events");
        yield return L("recorded", Recorded, "events");
        yield return L("lost", Lost, "events");
        yield return L("duplicated", Duplicated, "events");
        yield return L("poisoned", Poisoned, "messages");
        yield return L("rejected", Rejected, "messages");
        yield return L("unaccounted", Unaccounted, "messages");
        yield return DrainTime is { } drain
            ? L("time_to_drain", Math.Round(drain.TotalSeconds, 1), "s")
            : string.Create(CultureInfo.InvariantCulture, $"{Scenario}.time_to_drain: not drained within {DrainBound.TotalSeconds:0} s");
        yield return L("faults", Faults);
        yield return L("unplanned_host_exits", UnplannedHostExits);
        if (Revoked + RevokedUnconfirmed + InactiveNotRecorded + RevocationFailed > 0 || Scenario.Contains("provider", StringComparison.Ordinal))
        {
            yield return L("revoked", Revoked, "tokens");
            yield return L("revoked_unconfirmed", RevokedUnconfirmed, "tokens");
            yield return L("inactive_not_recorded", InactiveNotRecorded, "tokens");
            yield return L("revocation_failed", RevocationFailed, "tokens");
        }

        foreach (var note in Notes) yield return $"{Scenario}.note: {note}";
    }
}
