using System.Globalization;
using Revocation.Bench;

// dotnet run -c Release --project bench/Revocation.Bench -- <intake|sweep|offboarding|incident|reconcile|decisions|faults|signals|report|load> [options]
const string Usage = """
    usage: Revocation.Bench <benchmark> [options]
      intake       [--events N]            (default 2000)
      sweep        [--tokens N] [--due D] [--index-padding P]  (defaults 20000, 100, 80000: 100,000 in the due index)
      offboarding  [--tokens N] [--provider-latency-ms L]  (default 100 tokens; L ms added before every provider call, default none)
      incident     [--tokens N] [--index-padding P] [--slice S] [--provider-latency-ms L] [--runs R]
                   (defaults 10000, 90000, 1000, 20, 1: revoke one partner's S among N seeded + P index-only tokens;
                   R runs on one seeded estate, each over its own partner)
      reconcile    [--credentials N] [--changes C] [--page-latency-ms L] [--secrets-per-app S]  (defaults 10000, 100, 50, 10)
      decisions    [--tokens N] [--warm W]  (defaults 2000, 20000: cold = each token's first decision, warm = W more; 32 callers)
      faults       [all|host-kill|storage-kill|hostile|provider] [--events N] [--kills K] [--storage-stops S] [--hostile H]
                   [--valid V] [--tokens T] [--provider-stops P] [--outage-seconds O] [--drain-seconds D]
                   (defaults all, 3000, 5, 2, 10000, 500, 200, 2, 5, 120: issue 11's counts; exit 1 on any breach)
      signals      [--events N]            (default 2000 signed SETs over HTTP from 16 transmitters, and as many queue sends)
      report       [--tokens N] [--owners O]  (defaults 100000, 1000: report from aggregates beside a full scan)
      load         [--minutes M] [--shards S] [--owners O]  (defaults 10, 8, 1000: intake at full rate, per-partition rates)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
try
{
    // faults takes an optional scenario name before its options.
    var named = args.Length > 1 && args[0] == "faults" && !args[1].StartsWith("--", StringComparison.Ordinal);
    var scenario = named ? args[1] : "all";
    var options = Options.Parse(args.AsSpan(named ? 2 : 1));
    Console.WriteLine($"benchmark: {args[0]}");
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
    return args[0] switch
    {
        "intake" => await IntakeBench.RunAsync(options.Get("events", 2000), stop.Token),
        "sweep" => await SweepBench.RunAsync(options.Get("tokens", 20_000), options.Get("due", 100), options.Get("index-padding", 80_000), stop.Token),
        "offboarding" => await OffboardingBench.RunAsync(options.Get("tokens", 100), options.Get("provider-latency-ms", 0), stop.Token),
        "incident" => await IncidentBench.RunAsync(options.Get("tokens", 10_000), options.Get("index-padding", 90_000), options.Get("slice", 1000),
            options.Get("provider-latency-ms", 20), options.Get("runs", 1), stop.Token),
        "reconcile" => await ReconcileBench.RunAsync(options.Get("credentials", 10_000), options.Get("changes", 100),
            options.Get("page-latency-ms", 50), options.Get("secrets-per-app", 10), stop.Token),
        "decisions" => await DecisionsBench.RunAsync(options.Get("tokens", 2000), options.Get("warm", 20_000), stop.Token),
        "faults" => await FaultsBench.RunAsync(scenario, options, stop.Token),
        "signals" => await SignalsBench.RunAsync(options.Get("events", 2000), stop.Token),
        "report" => await ReportBench.RunAsync(options.Get("tokens", 100_000), options.Get("owners", 1000), stop.Token),
        "load" => await LoadBench.RunAsync(options.Get("minutes", 10), options.Get("shards", 8), options.Get("owners", 1000), stop.Token),
        _ => throw new ArgumentException($"unknown benchmark '{args[0]}'"),
    };
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}

namespace Revocation.Bench
{
    /// <summary><c>--name value</c> pairs, positive integers only.</summary>
    internal sealed class Options(Dictionary<string, string> values)
    {
        public static Options Parse(ReadOnlySpan<string> args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                    throw new ArgumentException($"expected --name value, got '{args[i]}'");
                values[args[i][2..]] = args[i + 1];
            }
            return new Options(values);
        }

        /// <summary>A positive integer option.</summary>
        public int Get(string name, int fallback)
        {
            if (!values.TryGetValue(name, out var text)) return fallback;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
                throw new ArgumentException($"--{name} needs a positive integer, got '{text}'");
            return value;
        }
    }
}
