using System.CommandLine;
using Revocation.Core.Policy;

namespace Revocation.Cli.Commands;

/// <summary><c>revctl policy validate [FILE]</c>: the check the Functions app makes at start, before a deploy (azure.yaml's hook).</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("FILE") { Description = "The policy file; --policies when omitted", Arity = ArgumentArity.ZeroOrOne };
        var validate = new Command("validate", "Validate a policy file as the Functions app does at start (valid, with at least one class): " +
            "exit 0 when it is, 2 with every problem and its JSON path otherwise.\n\nExample: revctl policy validate deploy/policies.json") { file };
        validate.SetAction((parse, ct) => CliApp.GuardAsync(parse, settings =>
        {
            var path = parse.GetValue(file) ?? settings.Policies;
            var policy = PolicyLoader.LoadGoverning(path);
            if (settings.Json) Output.WriteJson(new { file = path, valid = true, providers = policy.Providers.Count, classes = policy.Classes.Count });
            else Console.Out.WriteLine($"policy {path} is valid: {policy.Providers.Count} provider(s), {policy.Classes.Count} class(es)");
            return Task.FromResult(CliApp.Ok);
        }));
        return new Command("policy", "Check policy files.") { validate };
    }
}
