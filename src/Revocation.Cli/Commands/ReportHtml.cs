using System.Globalization;
using System.Net;
using System.Text;

using Revocation.Core.Posture;

namespace Revocation.Cli.Commands;

/// <summary>A single self-contained HTML page: summary tiles, a 30-day due chart (inline SVG), the tables, then controls and findings.</summary>
internal static class ReportHtml
{
    public static string Render(ReportModel model)
    {
        var p = model.Posture;
        var sb = new StringBuilder();
        var active = p.ByClass.Sum(r => r.Active);
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Token governance posture</title><style>")
          .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24}h1{margin-bottom:.2rem}.muted{color:#57606a}")
          .Append(".tiles{display:flex;gap:1rem;margin:1rem 0}.tile{border:1px solid #d0d7de;border-radius:8px;padding:.8rem 1.2rem;min-width:8rem}")
          .Append(".tile b{display:block;font-size:1.8rem}table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .8rem;text-align:right}")
          .Append("th:first-child,td:first-child{text-align:left}.bad{color:#cf222e;font-weight:600}</style></head><body>");
        sb.Append(CultureInfo.InvariantCulture, $"<h1>Token governance posture</h1><p class=\"muted\">As of {Output.Time(p.At)}</p><div class=\"tiles\">");
        Tile(sb, "active", "Active tokens", active);
        Tile(sb, "due-soon", "Due within 7 days", p.ByClass.Sum(r => r.DueSoon));
        Tile(sb, "ownerless", "Ownerless", p.ByClass.Sum(r => r.Ownerless));
        Tile(sb, "failed", "Revocation failed", p.ByClass.Sum(r => r.Failed));
        Tile(sb, "revoked", "Revoked", p.ByClass.Sum(r => r.Revoked));
        sb.Append("</div><h2>Falling due, next 30 days</h2>");
        Chart(sb, p.DueNext30Days);
        Table(sb, "By class", "class", p.ByClass);
        Table(sb, "By owner", "owner", p.ByOwner);
        ReportEvidenceHtml.Append(sb, model);
        return sb.Append("</body></html>\n").ToString();
    }

    private static void Tile(StringBuilder sb, string id, string label, int value) =>
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"tile\" id=\"tile-{id}\"><b>{value}</b>{label}</div>");

    private static void Chart(StringBuilder sb, IReadOnlyList<DueDay> days)
    {
        const int width = 24, height = 120;
        var max = Math.Max(1, days.Max(d => d.Count));
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"due-chart\" role=\"img\" aria-label=\"Tokens falling due per day\" width=\"{days.Count * width + 10}\" height=\"{height + 30}\">");
        for (var i = 0; i < days.Count; i++)
        {
            var h = days[i].Count * height / max;
            sb.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{i * width + 5}\" y=\"{height - h}\" width=\"{width - 4}\" height=\"{h}\" fill=\"#0969da\" data-day=\"{days[i].Day:yyyy-MM-dd}\" data-count=\"{days[i].Count}\"><title>{days[i].Day:yyyy-MM-dd}: {days[i].Count}</title></rect>");
            if (days[i].Count > 0)
            {
                var (y, fill) = h >= 14 ? (height - h + 12, "#ffffff") : (height - h - 2, "#57606a");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{i * width + 8}\" y=\"{y}\" font-size=\"10\" fill=\"{fill}\">{days[i].Count}</text>");
            }
            if (i % 7 == 0) sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{i * width + 5}\" y=\"{height + 20}\" font-size=\"11\">{days[i].Day:MM-dd}</text>");
        }
        sb.Append("</svg>");
    }

    private static void Table(StringBuilder sb, string title, string key, IReadOnlyList<PostureRow> rows)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<h2>{title}</h2><table id=\"by-{key}\"><thead><tr><th>{key}</th><th>Active</th><th>Due soon</th><th>Ownerless</th><th>Pending</th><th>Revoked</th><th>Access removed</th><th>Failed</th><th>Transfers/token</th><th>Discovered</th><th>Unclassified</th><th>Zombies</th></tr></thead><tbody>");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{WebUtility.HtmlEncode(r.Name)}</td><td>{r.Active}</td><td>{r.DueSoon}</td><td{(r.Ownerless > 0 ? " class=\"bad\"" : "")}>{r.Ownerless}</td><td>{r.RevocationPending}</td><td>{r.Revoked}</td><td>{r.AccessRemoved}</td><td{(r.Failed > 0 ? " class=\"bad\"" : "")}>{r.Failed}</td><td>{r.TransfersPerToken}</td><td>{r.Discovered}</td><td{(r.Unclassified > 0 ? " class=\"bad\"" : "")}>{r.Unclassified}</td><td{(r.Zombies > 0 ? " class=\"bad\"" : "")}>{r.Zombies}</td></tr>");
        sb.Append("</tbody></table>");
    }
}
