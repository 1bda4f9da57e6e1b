using System.CommandLine;
using Azure;
using Revocation.Cli.Commands;
using Revocation.Cli.Hosting;
using Revocation.Core.Policy;

namespace Revocation.Cli;

/// <summary>The root command, global options, and the mapping of failures to one-line errors and exit codes.</summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Altered = 3;

    /// <summary><c>revctl check</c>: the decision is deny (docs/decisions.md).</summary>
    public const int Denied = 4;

    /// <summary>
    /// How long a command gets to finish after Ctrl+C or SIGTERM cancelled it (System.CommandLine's default is 2 s):
    /// <c>revctl run</c> lets the messages in flight finish and prints its summary. Past this the process exits
    /// anyway with 130/143, and messages still being handled reappear on their queue when their lease ends.
    /// </summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(25);

    public static readonly Option<string> Storage = new("--storage")
    {
        Description = "Storage: a connection string, an account name, or table=https://...;queue=https://... (Entra ID sign-in; env REVOCATION_STORAGE)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("REVOCATION_STORAGE") ?? "UseDevelopmentStorage=true",
    };

    public static readonly Option<string> Policies = new("--policies")
    {
        Description = "Policy file (env REVOCATION_POLICIES)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("REVOCATION_POLICIES") ?? "./policies.json",
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Machine-readable JSON output (same as --output json)", Recursive = true };

    public static readonly Option<string?> OutputOption = CreateOutputOption();

    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log the pipeline's decisions", Recursive = true };

    public static RootCommand Build()
    {
        var root = new RootCommand("revctl: operate and audit the NHI token revocation pipeline.\n\nExample: revctl tokens list --state active");
        root.Options.Add(Storage);
        root.Options.Add(Policies);
        root.Options.Add(Json);
        root.Options.Add(OutputOption);
        root.Options.Add(Verbose);
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(PublishCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(ReconcileCommand.Create());
        root.Subcommands.Add(TokensCommand.Create());
        root.Subcommands.Add(RevokeCommand.Create());
        root.Subcommands.Add(LedgerCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(EvidenceCommand.Create());
        root.Subcommands.Add(IndexCommand.Create());
        root.Subcommands.Add(PoisonCommand.Create());
        root.Subcommands.Add(SecretsCommand.Create());
        root.Subcommands.Add(SignalsCommand.Create());
        root.Subcommands.Add(PolicyCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs a command line. A bad command line (unknown command, bad flag or value, missing argument)
    /// exits 2 with one line naming the problem, as contracts §5 says, instead of the parser's help dump.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, CancellationToken cancellationToken)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            var problems = UsageLine.Problems(parse);
            var command = string.Join(' ', Ancestry(parse.CommandResult));
            return Fail(Usage, $"{problems} (see '{command} --help')");
        }
        return await parse.InvokeAsync(Invocation(), cancellationToken);
    }

    private static Option<string?> CreateOutputOption()
    {
        var option = new Option<string?>("--output", "-o")
        {
            Description = "table (default), json (one document) or jsonl (JSON Lines: one object per line)",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("table", "json", "jsonl");
        return option;
    }

    private static Stack<string> Ancestry(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is System.CommandLine.Parsing.CommandResult c) names.Push(c.Command is RootCommand ? "revctl" : c.Command.Name);
        return names;
    }

    /// <summary>How the process invokes the parsed command line: cancellation on Ctrl+C/SIGTERM with <see cref="StopTimeout"/>.</summary>
    public static InvocationConfiguration Invocation() => new() { ProcessTerminationTimeout = StopTimeout };

    public static GlobalSettings Settings(ParseResult parse)
    {
        var format = parse.GetValue(Json) ? OutputFormat.Json : parse.GetValue(OutputOption) switch
        {
            "json" => OutputFormat.Json,
            "jsonl" => OutputFormat.Jsonl,
            _ => OutputFormat.Table,
        };
        return new(parse.GetValue(Storage)!, parse.GetValue(Policies)!, format != OutputFormat.Table, parse.GetValue(Verbose)) { Format = format };
    }

    /// <summary>Runs a command body and turns failures into one line on stderr and the contract's exit codes.</summary>
    public static async Task<int> GuardAsync(ParseResult parse, Func<GlobalSettings, Task<int>> body)
    {
        var settings = Settings(parse);
        if (parse.GetValue(Json) && parse.GetValue(OutputOption) is { } asked and not "json")
            Output.Warn($"--json and --output {asked} disagree; writing json");
        try
        {
            return await body(settings);
        }
        catch (PolicyValidationException e)
        {
            return Fail(Usage, e.Message);
        }
        catch (UsageException e)
        {
            return Fail(Usage, e.Message);
        }
        catch (Exception e) when (StorageAccess.Refusal(e) is { } refusal)
        {
            return Fail(refusal.ExitCode, refusal.Message);
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            return Fail(Failure, "storage unreachable (" + Redact(settings.Storage) + "): start Azurite (npx azurite --silent --inMemoryPersistence) " +
                "or set --storage / REVOCATION_STORAGE to a reachable account");
        }
        catch (FormatException e) when (e.Message.Contains("connection string", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(Usage, "--storage is not a valid connection string: " + e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(Failure, "cancelled");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail(Failure, $"{e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
    }

    private static bool IsUnreachable(Exception e) => e switch
    {
        AggregateException a => a.InnerExceptions.All(IsUnreachable),
        RequestFailedException r => r.Status == 0,
        HttpRequestException => true,
        _ => e.InnerException is not null && IsUnreachable(e.InnerException),
    };

    private static string Redact(string connection) =>
        string.Join(';', connection.Split(';').Where(p => !p.StartsWith("AccountKey", StringComparison.OrdinalIgnoreCase) && !p.StartsWith("SharedAccessSignature", StringComparison.OrdinalIgnoreCase)));

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"revctl: {message}");
        return code;
    }
}

/// <summary>A usage or configuration error: exit 2 with its message.</summary>
internal sealed class UsageException(string message) : Exception(message);
