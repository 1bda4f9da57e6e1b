using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Core.Access;
using Revocation.Core.Evidence;
using Revocation.Core.Incidents;
using Revocation.Core.Policy;
using Revocation.Core.Posture;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Cli.Commands;

/// <summary>
/// Everything <c>revctl report</c> (and the evidence pack) shows: the posture, from the aggregates kept on every state
/// change (no token read) or from one read of the state rows; and, from that read only, the controls and findings mapped
/// from the same rows (<see cref="ControlEvidence"/>, <see cref="PostureFindings"/>). Without the read they are null:
/// they name tokens, and naming them means reading them.
/// </summary>
internal sealed record ReportModel(PostureReport Posture, IReadOnlyList<ControlResult>? Controls, PostureFindings? Findings)
{
    public static readonly IReadOnlyList<string> Formats = ["md", "json", "html"];

    /// <summary>How far back the report counts denied request-time decisions: 7 days, like its due-soon findings.</summary>
    public static readonly TimeSpan DeniedUsesWindow = PostureReport.DueSoon;

    /// <summary>The posture from the aggregates alone: a read of a few rows per class and owner, whatever the estate's size.</summary>
    public static async Task<ReportModel> FromAggregatesAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var cells = await services.GetRequiredService<IPostureStore>().ReadAsync(ct);
        return new ReportModel(PostureReport.FromTotals(PostureTally.Fold(cells), now), null, null);
    }

    /// <summary>
    /// Reads every state row: the posture counted from them (and, with <paramref name="rebuildAggregates"/>, written over the
    /// aggregates: the repair after a crash), the controls and the findings.
    /// </summary>
    public static async Task<ReportModel> LoadAsync(IServiceProvider services, CancellationToken ct, bool rebuildAggregates = false)
    {
        var tokens = new List<TokenRecord>();
        await foreach (var t in services.GetRequiredService<ITokenStore>().ListAsync(ct)) tokens.Add(t);
        var incidents = new List<IncidentRecord>();
        await foreach (var i in services.GetRequiredService<IIncidentStore>().ListAsync(ct)) incidents.Add(i);
        var offboarded = await services.GetRequiredService<IPeopleStore>().GetOffboardedAsync(ct, fresh: true);
        var policy = services.GetRequiredService<PolicyDocument>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var cells = PostureTally.Cells(tokens, policy, offboarded);
        if (rebuildAggregates) await services.GetRequiredService<IPostureStore>().ReplaceAsync(cells, ct);
        // Request-time decisions denied over the last DeniedUsesWindow (docs/decisions.md: rows of the denials table).
        long denied = 0;
        await foreach (var d in services.GetRequiredService<IDenialStore>().ListAsync(now - DeniedUsesWindow, ct)) denied += d.Count;
        return new ReportModel(PostureReport.FromTotals(PostureTally.Fold(cells), now), ControlEvidence.From(tokens, policy, offboarded, now),
            PostureFindings.From(tokens, policy, offboarded, now, incidents) with { DeniedUses = (int)Math.Min(denied, int.MaxValue) });
    }

    public string Render(string format) => format switch
    {
        "json" => Json() + "\n",
        "html" => ReportHtml.Render(this),
        _ => ReportMarkdown.Render(this),
    };

    /// <summary>The posture's JSON as before, with <c>controls</c> and <c>findings</c> added beside its fields.</summary>
    private string Json()
    {
        var root = JsonSerializer.SerializeToNode(Posture, Output.JsonOptions)!.AsObject();
        if (Controls is not null) root["controls"] = JsonSerializer.SerializeToNode(Controls, Output.JsonOptions);
        if (Findings is not null) root["findings"] = JsonSerializer.SerializeToNode(Findings, Output.JsonOptions);
        return root.ToJsonString(Output.JsonOptions);
    }
}
