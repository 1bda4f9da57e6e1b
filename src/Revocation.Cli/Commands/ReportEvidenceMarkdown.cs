using System.Globalization;
using System.Text;

namespace Revocation.Cli.Commands;

/// <summary>The report's controls and findings in Markdown (after the posture tables).</summary>
internal static class ReportEvidenceMarkdown
{
    /// <summary>What the report says in place of the controls and findings when it read the aggregates only.</summary>
    public const string NotRead = "Controls and findings name tokens, so they read every token's state: run revctl report --scan (or revctl evidence).";

    public static void Append(StringBuilder sb, ReportModel model)
    {
        if (model.Controls is null || model.Findings is null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n_{NotRead}_\n");
            return;
        }

        sb.Append("\n## Controls\n\n| Control | Framework | Status | Checked | Failing | Rule | Failing tokens |\n|---|---|---|---:|---:|---|---|\n");
        foreach (var c in model.Controls)
            sb.Append(CultureInfo.InvariantCulture,
                $"| {c.Id} {c.Title} | {c.Framework} | {c.Status} | {c.Checked} | {c.FailingCount} | {E(c.Rule)} | {E(List(c.Failing, c.FailingCount))} |\n");
        var f = model.Findings;
        sb.Append("\n## Owners holding the most tokens\n\n| Owner | Active |\n|---|---:|\n");
        foreach (var o in f.TopOwners) sb.Append(CultureInfo.InvariantCulture, $"| {E(o.Owner)} | {o.Tokens} |\n");
        sb.Append(CultureInfo.InvariantCulture, $"\n## Active tokens without owner\n\n{E(List(f.WithoutOwner, f.WithoutOwner.Count))}\n");
        sb.Append("\n## Due soon\n\n| Token | Due |\n|---|---|\n");
        foreach (var d in f.DueSoon) sb.Append(CultureInfo.InvariantCulture, $"| {E(d.TokenId)} | {Output.Time(d.DueAt)} |\n");
        sb.Append("\n## Failed revocations\n\n| Token | Reason | Last error |\n|---|---|---|\n");
        foreach (var x in f.FailedRevocations) sb.Append(CultureInfo.InvariantCulture, $"| {E(x.TokenId)} | {E(x.Reason ?? "-")} | {E(x.LastError ?? "-")} |\n");
        sb.Append(CultureInfo.InvariantCulture, $"\n## Zombies\n\n{E(List(f.Zombies, f.Zombies.Count))}\n");
        if (f.DeniedUses is { } denied) sb.Append(CultureInfo.InvariantCulture, $"\n## Denied uses\n\n{denied}\n");
        sb.Append("\n## Incidents\n\n| Incident | Declared | By | Selector | Reason | Status | Matched | Revoked | Queued | Failed |\n|---|---|---|---|---|---|---:|---:|---:|---:|\n");
        foreach (var i in f.Incidents)
            sb.Append(CultureInfo.InvariantCulture,
                $"| {E(i.Id)} | {Output.Time(i.DeclaredAt)} | {E(i.Actor ?? i.DeclaredBy)} | {E(Selector(i.Selector))} | {E(i.Reason)} | {i.Status} | {i.Matched} | {i.Revoked} | {i.Queued} | {i.Failed} |\n");
    }

    public static string Selector(IReadOnlyDictionary<string, string> selector) => string.Join(" ", selector.Select(s => $"{s.Key}={s.Value}"));

    public static string List(IReadOnlyList<string> shown, int total) =>
        shown.Count == 0 ? "none" : string.Join(", ", shown) + (total > shown.Count ? $" … ({total} in all)" : "");

    private static string E(string s) => ReportMarkdown.Escape(s);
}
