using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Incidents;
using Revocation.Core.Sweep;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

/// <summary><c>revctl revoke</c> by selector: an incident declared from the CLI, through the core's <see cref="IncidentService"/>.</summary>
internal static class IncidentRevoke
{
    /// <summary>The selector options and the run mode.</summary>
    internal sealed class Options
    {
        public Option<string?> Class { get; } = new("--class") { Description = "Tokens of this class" };
        public Option<string?> Provider { get; } = new("--provider") { Description = "Tokens of every class this provider revokes" };
        public Option<string?> Holder { get; } = new("--holder") { Description = "Tokens held by this workload identity" };
        public Option<string?> Source { get; } = new("--source") { Description = "Tokens issued or last transferred by this publisher or partner" };
        public Option<string?> Owner { get; } = new("--owner") { Description = "Tokens owned by this person" };
        public Option<string?> IssuedBefore { get; } = new("--issued-before") { Description = "Only tokens issued before this time: " + SinceTime.Forms };
        public Option<string?> Scope { get; } = new("--scope") { Description = "Only tokens whose scope contains this value" };
        public Option<bool> DryRun { get; } = new("--dry-run") { Description = "List what would be revoked; change nothing" };
        public Option<bool> Confirm { get; } = new("--confirm") { Description = "Proceed even if the blast-radius guard trips" };

        private Option<string?>[] Selectors => [Class, Provider, Holder, Source, Owner, IssuedBefore, Scope];

        public void AddTo(Command command)
        {
            foreach (var o in Selectors) command.Options.Add(o);
            command.Options.Add(DryRun);
            command.Options.Add(Confirm);
        }

        /// <summary>The selector options given on the command line, by name.</summary>
        public List<string> Named(ParseResult parse) => [.. Selectors.Where(o => parse.GetValue(o) is not null).Select(o => o.Name)];

        public SweepMode Mode(ParseResult parse)
        {
            if (parse.GetValue(DryRun) && parse.GetValue(Confirm)) throw new UsageException("--dry-run and --confirm exclude each other");
            return parse.GetValue(DryRun) ? SweepMode.DryRun : parse.GetValue(Confirm) ? SweepMode.Confirm : SweepMode.Normal;
        }

        public IncidentSelector Selector(ParseResult parse, DateTimeOffset now) => new()
        {
            Class = parse.GetValue(Class), Provider = parse.GetValue(Provider), Holder = parse.GetValue(Holder), Source = parse.GetValue(Source),
            Owner = parse.GetValue(Owner), Scope = parse.GetValue(Scope),
            IssuedBefore = parse.GetValue(IssuedBefore) is { } t ? SinceTime.Parse(t, now, "--issued-before") : null,
        };
    }

    public static async Task<int> RunAsync(ParseResult parse, GlobalSettings settings, Options options, string reason, CancellationToken ct)
    {
        var mode = options.Mode(parse);
        using var services = CliServices.Build(settings);
        var incidents = services.GetRequiredService<IncidentService>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var selector = options.Selector(parse, now);
        if (incidents.Problem(selector, "--") is { } problem) throw new UsageException(problem);
        if (mode != SweepMode.DryRun) await CliStorage.EnsureProvisionedAsync(settings, services.GetRequiredService<StorageClients>(), ct);
        var declaration = new IncidentDeclaration(NewId(now), selector, reason, ManualReason.Actor(), "revctl", now);
        IncidentReport report;
        using (var progress = new Progress(settings.Json))
        {
            report = await incidents.DeclareAsync(declaration, mode,
                new SyncProgress<(int Done, int Total)>(p => progress.Report($"{(mode == SweepMode.DryRun ? "checking" : "working")}: {p.Done} of {p.Total} tokens")), ct);
        }
        if (settings.Json) Output.WriteDocument(settings.Format, new
        {
            incident = report.Id, mode = report.Mode, selector = report.Selector, matched = report.Items.Count, revocations = report.Revocations,
            activeTokens = report.ActiveTokens, guardTripped = report.GuardTripped, guardReason = report.GuardReason,
            byOutcome = report.ByOutcome, byProvider = report.ByProvider, hintsRead = report.HintsRead, tokensRead = report.TokensRead, tokens = report.Items,
        });
        else WriteText(report);
        return report.GuardTripped && mode == SweepMode.Normal || report.Items.Any(i => i.Outcome == IncidentOutcomes.Failed) ? CliApp.Failure : CliApp.Ok;
    }

    /// <summary>An incident id for the CLI: the time and six random hex digits (<c>inc-20261130T051500Z-3f9a0c</c>).</summary>
    private static string NewId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"inc-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");

    private static void WriteText(IncidentReport report)
    {
        Output.WriteTable(["TOKEN", "CLASS", "PROVIDER", "SOURCE", "OWNER", "STATE", "OUTCOME"],
            report.Items.Select(i => new[] { i.TokenId, i.Class, i.Provider, i.Source, i.Owner, i.State, i.Outcome }));
        Console.Out.WriteLine($"incident {report.Id}: {report.Items.Count} tokens matched");
        Console.Out.WriteLine("by provider: " + Counts(report.ByProvider));
        Console.Out.WriteLine("by outcome:  " + Counts(report.ByOutcome));
        Console.Out.WriteLine(report switch
        {
            { Mode: SweepMode.DryRun } => $"dry run: {report.Revocations} would be revoked of {report.ActiveTokens} active; nothing changed" +
                (report.GuardTripped ? $"; the guard would trip: {report.GuardReason}" : ""),
            { GuardTripped: true, Mode: SweepMode.Normal } =>
                $"guard tripped, nothing revoked: {report.GuardReason}. Review with --dry-run, proceed with --confirm",
            _ => $"{report.Revocations} revocations requested; queued ones run in the host (revctl run)",
        });
    }

    private static string Counts(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "-" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
}
