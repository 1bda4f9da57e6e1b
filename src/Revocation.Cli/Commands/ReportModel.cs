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
/// Everything <c>revctl report</c> (and the evidence pack) shows, from one read of the state rows: the posture, and the
/// controls and findings mapped from the same rows (<see cref="ControlEvidence"/>, <see cref="PostureFindings"/>).
/// </summary>
internal sealed record ReportModel(PostureReport Posture, IReadOnlyList<ControlResult> Controls, PostureFindings Findings)
{
    public static readonly IReadOnlyList<string> Formats = ["md", "json", "html"];

    /// <summary>How far back the report counts denied request-time decisions: 7 days, like its due-soon findings.</summary>
    public static readonly TimeSpan DeniedUsesWindow = PostureReport.DueSoon;

    public static async Task<ReportModel> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var tokens = new List<TokenRecord>();
        await foreach (var t in services.GetRequiredService<ITokenStore>().ListAsync(ct)) tokens.Add(t);
        var incidents = new List<IncidentRecord>();
        await foreach (var i in services.GetRequiredService<IIncidentStore>().ListAsync(ct)) incidents.Add(i);
        var offboarded = await services.GetRequiredService<IPeopleStore>().GetOffboardedAsync(ct, fresh: true);
        var policy = services.GetRequiredService<PolicyDocument>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // Request-time decisions denied over the last DeniedUsesWindow (docs/decisions.md: rows of the denials table).
        long denied = 0;
        await foreach (var d in services.GetRequiredService<IDenialStore>().ListAsync(now - DeniedUsesWindow, ct)) denied += d.Count;
        return new ReportModel(PostureReport.From(tokens, policy, offboarded, now), ControlEvidence.From(tokens, policy, offboarded, now),
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
        root["controls"] = JsonSerializer.SerializeToNode(Controls, Output.JsonOptions);
        root["findings"] = JsonSerializer.SerializeToNode(Findings, Output.JsonOptions);
        return root.ToJsonString(Output.JsonOptions);
    }
}
