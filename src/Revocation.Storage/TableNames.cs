namespace Revocation.Storage;

/// <summary>Tables the pipeline uses (docs/ledger.md). infra/ creates the same names.</summary>
public static class TableNames
{
    public const string Ledger = "ledger";
    public const string DueIndex = "dueindex";
    public const string PersonIndex = "personindex";
    public const string People = "people";
    public const string Rejections = "rejections";
    public const string Sweeps = "sweeps";
    public const string SliceIndex = "sliceindex";
    public const string Incidents = "incidents";

    /// <summary>Denied request-time decisions, coalesced (docs/decisions.md).</summary>
    public const string Denials = "denials";

    public const string Posture = "posture";

    public static readonly IReadOnlyList<string> All = [Ledger, DueIndex, PersonIndex, People, Rejections, Sweeps, SliceIndex, Incidents, Denials, Posture];
}
