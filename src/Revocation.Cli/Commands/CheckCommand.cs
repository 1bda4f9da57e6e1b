using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Access;
using Revocation.Http;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

/// <summary>
/// <c>revctl check TOKEN_ID --holder ID [--scope S] [--task T]</c>: the request-time decision of <c>POST /api/decisions</c>,
/// from the same core service. Exit 0 allow, 4 deny, 2 a bad argument, 1 a failure. Like the API, an allow is a use and a
/// deny is recorded; both are written before the command exits.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var tokenId = new Argument<string>("TOKEN_ID") { Description = "The token the workload wants to use" };
        var holder = new Option<string>("--holder") { Description = "The calling workload's identity (SPIFFE id, Entra object id...)", Required = true };
        var scope = new Option<string?>("--scope") { Description = "What it wants to do: space-separated scopes, each within the token's" };
        var task = new Option<string?>("--task") { Description = "The job or approval it acts for (the token's approval id)" };
        var command = new Command("check", "The request-time decision: may this workload use this token for this task, now? Exit 0 allow, 4 deny.\n\n" +
            "Example: revctl check corp:3f9a --holder 3f2b7c9e-1a4d-4e8f-9b6a-0c5d2e7f8a91 --scope \"repo:read\"") { tokenId, holder, scope, task };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            var request = Validate(parse.GetValue(tokenId)!, parse.GetValue(holder)!, parse.GetValue(scope), parse.GetValue(task));
            using var services = CliServices.Build(settings);
            await CliStorage.EnsureProvisionedAsync(settings, services.GetRequiredService<StorageClients>(), ct);
            var decision = await services.GetRequiredService<DecisionService>().DecideAsync(request, ct);
            await services.GetRequiredService<DecisionRecorder>().FlushAsync(ct);
            if (settings.Json) Output.WriteDocument(settings.Format, DecisionResult.ToJson(decision));
            else
            {
                Console.Out.WriteLine(decision.Allowed ? "allow" : "deny: " + string.Join(", ", decision.Reasons));
                Console.Out.WriteLine($"state: {decision.State ?? "(unknown)"}; cache for {(long)decision.CacheFor.TotalSeconds} s");
            }
            return decision.Allowed ? CliApp.Ok : CliApp.Denied;
        }));
        return command;
    }

    /// <summary>The arguments pass the API's own request rules (<see cref="DecisionRequestParser"/>), named as options.</summary>
    private static DecisionRequest Validate(string tokenId, string holder, string? scope, string? task)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new { tokenId, holder, scope, task });
        var (request, field, error) = DecisionRequestParser.Parse(json);
        if (request is not null) return request;
        var name = field switch { "$.tokenId" => "TOKEN_ID", "$.holder" => "--holder", "$.scope" => "--scope", "$.task" => "--task", _ => field! };
        throw new UsageException(name + error![field!.Length..]);
    }
}
