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
    public const string Posture = "posture";

    public static readonly IReadOnlyList<string> All = [Ledger, DueIndex, PersonIndex, People, Rejections, Sweeps, Posture];
}
