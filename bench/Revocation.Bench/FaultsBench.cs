using Revocation.Faults;

namespace Revocation.Bench;

/// <summary>
/// Issue 11's fault suite in its long form: the scenarios of tests/Revocation.Faults with the issue's counts, each
/// printing sent / recorded / lost / duplicated / poisoned / rejected / unaccounted and the time to drain. Exit 1 when
/// any scenario breaches the bar (a loss, a duplicate, an unaccounted message, a token revoked unconfirmed, no drain).
/// </summary>
internal static class FaultsBench
{
    public static readonly IReadOnlyList<string> Scenarios = ["host-kill", "storage-kill", "hostile", "provider"];

    public static async Task<int> RunAsync(string scenario, Options options, CancellationToken cancellationToken)
    {
        var drain = TimeSpan.FromSeconds(options.Get("drain-seconds", 120));
        var outage = TimeSpan.FromSeconds(options.Get("outage-seconds", 5));
        var events = options.Get("events", 3000);
        var selected = scenario == "all" ? Scenarios : Scenarios.Contains(scenario) ? [scenario]
            : throw new ArgumentException($"unknown fault scenario '{scenario}' (one of all, {string.Join(", ", Scenarios)})");
        var failures = new List<string>();
        foreach (var name in selected)
        {
            Output.Note($"fault scenario {name}");
            var figures = name switch
            {
                "host-kill" => await new HostKillScenario { Events = events, Kills = options.Get("kills", 5), DrainBound = drain }
                    .RunAsync(Output.Note, cancellationToken),
                "storage-kill" => await new StorageKillScenario { Events = events, Stops = options.Get("storage-stops", 2), Outage = outage, DrainBound = drain }
                    .RunAsync(Output.Note, cancellationToken),
                "hostile" => await new HostileMessageScenario { Hostile = options.Get("hostile", 10_000), Valid = options.Get("valid", 500), DrainBound = drain }
                    .RunAsync(Output.Note, cancellationToken),
                _ => await new ProviderRestartScenario { Tokens = options.Get("tokens", 200), Stops = options.Get("provider-stops", 2), Outage = outage, DrainBound = drain }
                    .RunAsync(Output.Note, cancellationToken),
            };
            foreach (var line in figures.Lines()) Console.WriteLine(line);
            failures.AddRange(figures.Failures());
        }

        Output.Line("faults.failures", failures.Count, "");
        foreach (var failure in failures) Output.Note("FAIL " + failure);
        return failures.Count == 0 ? 0 : 1;
    }
}
