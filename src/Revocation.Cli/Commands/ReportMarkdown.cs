using System.Globalization;
using System.Text;

using Revocation.Core.Posture;

namespace Revocation.Cli.Commands;

internal static class ReportMarkdown
{
    public static string Render(ReportModel model)
    {
        var p = model.Posture;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Token governance posture\n\nAs of {Output.Time(p.At)}. Due soon = within {p.DueSoon().TotalDays:0} days.\n");
        Table(sb, "By class", "Class", p.ByClass);
        Table(sb, "By owner", "Owner", p.ByOwner);
        sb.Append("\n## Falling due, next 30 days\n\n| Day | Tokens |\n|---|---:|\n");
        foreach (var d in p.DueNext30Days.Where(d => d.Count > 0)) sb.Append(CultureInfo.InvariantCulture, $"| {d.Day:yyyy-MM-dd} | {d.Count} |\n");
        ReportEvidenceMarkdown.Append(sb, model);
        return sb.ToString();
    }

    private static void Table(StringBuilder sb, string title, string first, IReadOnlyList<PostureRow> rows)
    {
        sb.Append(CultureInfo.InvariantCulture, $"\n## {title}\n\n| {first} | Active | Due soon | Ownerless | Pending | Revoked | Access removed | Failed | Transfers/token | Discovered | Unclassified | Zombies |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture,
                $"| {Escape(r.Name)} | {r.Active} | {r.DueSoon} | {r.Ownerless} | {r.RevocationPending} | {r.Revoked} | {r.AccessRemoved} | {r.Failed} | {r.TransfersPerToken} | {r.Discovered} | {r.Unclassified} | {r.Zombies} |\n");
    }

    internal static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);

    private static TimeSpan DueSoon(this PostureReport _) => PostureReport.DueSoon;
}
