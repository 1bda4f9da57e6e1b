using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Revocation;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;
using Revocation.Storage;

namespace Revocation.Cli.Commands;

/// <summary><c>revctl revoke</c>: one token (break-glass), or a whole slice by selector (incident response, <see cref="IncidentRevoke"/>).</summary>
internal static class RevokeCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("TOKEN_ID") { Arity = ArgumentArity.ZeroOrOne, Description = "One token; or omit it and name a selector" };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the ledger)", Required = true };
        var selector = new IncidentRevoke.Options();
        var command = new Command("revoke", "Break-glass revocation of one token through the same pipeline (queued; the host calls the provider), " +
            "or of every token a selector matches (incident response: options combine with AND; behind the blast-radius guard; " +
            "revoked inline, the rest queued).\n\n" +
            "Example: revctl revoke corp-oauth:3f9a --reason \"leaked in CI log\"\n" +
            "Example: revctl revoke --source urn:partner:drift --reason \"partner breach\" --dry-run") { id, reason };
        selector.AddTo(command);
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            var tokenId = parse.GetValue(id);
            var named = selector.Named(parse);
            if (tokenId is not null && named.Count > 0)
                throw new UsageException($"give a TOKEN_ID or a selector ({string.Join(", ", named)}), not both");
            if (tokenId is null) return await IncidentRevoke.RunAsync(parse, settings, selector, ManualReason.Validate(parse.GetValue(reason)), ct);
            if (selector.Mode(parse) != Core.Sweep.SweepMode.Normal) throw new UsageException("--dry-run and --confirm apply to a selector, not to one TOKEN_ID");
            return await RevokeOneAsync(settings, tokenId, ManualReason.Validate(parse.GetValue(reason)), ct);
        }));
        return command;
    }

    private static async Task<int> RevokeOneAsync(GlobalSettings settings, string tokenId, string why, CancellationToken ct)
    {
        using var services = CliServices.Build(settings);
        await CliStorage.EnsureProvisionedAsync(settings, services.GetRequiredService<StorageClients>(), ct);
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
    }
}
