using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

internal static class RevokeCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("TOKEN_ID");
        var reason = new Option<string>("--reason") { Description = "Why (kept in the ledger)", Required = true };
        var command = new Command("revoke", "Break-glass revocation through the same pipeline (queued; the host calls the provider).\n\n" +
            "Example: revctl revoke corp-oauth:3f9a --reason \"leaked in CI log\"") { id, reason };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings);
            await CliStorage.EnsureProvisionedAsync(settings, services.GetRequiredService<StorageClients>(), ct);
            var tokenId = parse.GetValue(id)!;
            var why = ManualReason.Validate(parse.GetValue(reason));
            var actor = ManualReason.Actor();
            var token = await services.GetRequiredService<ITokenStore>().TryGetAsync(tokenId, ct);
            if (token is null || !token.View.IsRegistered) throw new UsageException($"unknown token id: {tokenId}");
            if (TokenStates.IsClosed(token.State))
            {
                if (settings.Json) Output.WriteDocument(settings.Format, new { tokenId, queued = false, state = token.State });
                else Console.Out.WriteLine($"{tokenId} is already {token.State}");
                return CliApp.Ok;
            }
            var queued = await services.GetRequiredService<RevocationRequester>().RequestAsync(
                tokenId, why, "revctl", null, ct, allowFailed: true, actor: actor);
            if (settings.Json) Output.WriteDocument(settings.Format, new { tokenId, queued });
            else Console.Out.WriteLine(queued
                ? $"{tokenId}: revocation queued (reason \"{why}\", by {actor}); run 'revctl run --until-idle' locally to process it"
                : $"{tokenId}: not queued: the token is {token.State} (a revocation is already under way or done)");
            return CliApp.Ok;
        }));
        return command;
    }
}
