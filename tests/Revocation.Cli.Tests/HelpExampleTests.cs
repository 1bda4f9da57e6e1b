using System.CommandLine;
using System.Text.RegularExpressions;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>
/// Every "Example:" of revctl's --help is a command line revctl accepts, and every repo file it names exists
/// (the publish example is also run: PublishErrorTests.Publish_TheHelpExampleSamples_PublishesEveryEventToItsQueue).
/// </summary>
public sealed partial class HelpExampleTests
{
    [Fact]
    public void Examples_EveryCommand_ParseWithoutErrorsAndNameExistingFiles()
    {
        var examples = Examples(CliApp.Build()).ToList();

        Assert.True(examples.Count >= 10, $"only {examples.Count} examples found");
        var failures = new List<string>();
        foreach (var (command, example) in examples)
        {
            var args = Arguments(example);
            var parse = CliApp.Build().Parse(args);
            if (parse.Errors.Count > 0) failures.Add($"{command}: '{example}': {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            failures.AddRange(args.Where(LooksLikeAFile).Where(a => !File.Exists(Path.Combine(RepoRoot.Path, a)))
                .Select(a => $"{command}: '{example}' names {a}, which is not in the repo"));
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Examples_ThePublishExample_NamesTheSampleEvents()
    {
        var publish = Examples(CliApp.Build()).Single(e => e.Command == "revctl publish").Example;

        Assert.Equal(["publish", "samples/demo/events.jsonl"], Arguments(publish));
    }

    /// <summary>The arguments after "revctl" of the last command of a pipeline, up to an output redirection.</summary>
    private static string[] Arguments(string example)
    {
        var command = example[(example.LastIndexOf("revctl ", StringComparison.Ordinal) + "revctl ".Length)..];
        var redirect = command.IndexOf('>', StringComparison.Ordinal);
        if (redirect >= 0) command = command[..redirect];
        return [.. Token().Matches(command).Select(m => m.Value.Trim('"'))];
    }

    private static bool LooksLikeAFile(string argument) =>
        !argument.StartsWith('-') && !argument.Contains("://", StringComparison.Ordinal) && (argument.Contains('/', StringComparison.Ordinal) || Path.GetExtension(argument) is ".json" or ".jsonl");

    private static IEnumerable<(string Command, string Example)> Examples(Command command, string path = "revctl")
    {
        foreach (var line in (command.Description ?? "").Split('\n'))
            if (line.StartsWith("Example: ", StringComparison.Ordinal)) yield return (path, line["Example: ".Length..]);
        foreach (var sub in command.Subcommands)
            foreach (var example in Examples(sub, $"{path} {sub.Name}")) yield return example;
    }

    [GeneratedRegex("\"[^\"]*\"|\\S+")]
    private static partial Regex Token();
}
