using System.Globalization;
using System.Net;
using System.Text;

namespace Revocation.Cli.Commands;

/// <summary>The report's controls and findings in the HTML page (ids on each section, for tests and for readers' links).</summary>
internal static class ReportEvidenceHtml
{
    public static void Append(StringBuilder sb, ReportModel model)
    {
        if (model.Controls is null || model.Findings is null)
        {
            sb.Append("<p id=\"controls-not-read\">").Append(WebUtility.HtmlEncode(ReportEvidenceMarkdown.NotRead)).Append("</p>");
            return;
        }

        sb.Append("<h2>Controls</h2><table id=\"controls\"><thead><tr><th>Control</th><th>Framework</th><th>Status</th><th>Checked</th><th>Failing</th><th>Rule</th><th>Failing tokens</th></tr></thead><tbody>");
        foreach (var c in model.Controls)
            sb.Append(CultureInfo.InvariantCulture,
                $"<tr id=\"control-{H(c.Id)}\"><td>{H(c.Id)} {H(c.Title)}</td><td>{H(c.Framework)}</td><td{(c.Status == "failed" ? " class=\"bad\"" : "")}>{c.Status}</td><td>{c.Checked}</td><td>{c.FailingCount}</td><td>{H(c.Rule)}</td><td>{H(ReportEvidenceMarkdown.List(c.Failing, c.FailingCount))}</td></tr>");
        sb.Append("</tbody></table>");
        var f = model.Findings;
        Rows(sb, "top-owners", "Owners holding the most tokens", ["Owner", "Active"], f.TopOwners.Select(o => new[] { o.Owner, o.Tokens.ToString(CultureInfo.InvariantCulture) }));
        Rows(sb, "without-owner", "Active tokens without owner", ["Token"], f.WithoutOwner.Select(t => new[] { t }));
        Rows(sb, "due-soon", "Due within 7 days", ["Token", "Due"], f.DueSoon.Select(d => new[] { d.TokenId, Output.Time(d.DueAt) }));
        Rows(sb, "failed-revocations", "Failed revocations", ["Token", "Reason", "Last error"],
            f.FailedRevocations.Select(x => new[] { x.TokenId, x.Reason ?? "-", x.LastError ?? "-" }));
        Rows(sb, "zombies", "Zombies (revoked, still listed by their provider)", ["Token"], f.Zombies.Select(t => new[] { t }));
        // Hook: request-time decisions (issue 14) fill DeniedUses; until then there is no section, never a made-up zero.
        if (f.DeniedUses is { } denied) Rows(sb, "denied-uses", "Denied uses", ["Denied"], [[denied.ToString(CultureInfo.InvariantCulture)]]);
        Rows(sb, "incidents", "Incidents", ["Incident", "Declared", "By", "Selector", "Reason", "Status", "Matched", "Revoked", "Queued", "Failed"],
            f.Incidents.Select(i => new[]
            {
                i.Id, Output.Time(i.DeclaredAt), i.Actor ?? i.DeclaredBy, ReportEvidenceMarkdown.Selector(i.Selector), i.Reason, i.Status,
                i.Matched.ToString(CultureInfo.InvariantCulture), i.Revoked.ToString(CultureInfo.InvariantCulture),
                i.Queued.ToString(CultureInfo.InvariantCulture), i.Failed.ToString(CultureInfo.InvariantCulture),
            }));
    }

    private static void Rows(StringBuilder sb, string id, string title, string[] headers, IEnumerable<string[]> rows)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<h2>{H(title)}</h2><table id=\"{id}\"><thead><tr>");
        foreach (var h in headers) sb.Append(CultureInfo.InvariantCulture, $"<th>{H(h)}</th>");
        sb.Append("</tr></thead><tbody>");
        var any = false;
        foreach (var r in rows)
        {
            any = true;
            sb.Append("<tr>");
            foreach (var cell in r) sb.Append(CultureInfo.InvariantCulture, $"<td>{H(cell)}</td>");
            sb.Append("</tr>");
        }
        if (!any) sb.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{headers.Length}\" class=\"muted\">none</td></tr>");
        sb.Append("</tbody></table>");
    }

    private static string H(string s) => WebUtility.HtmlEncode(s);
}
