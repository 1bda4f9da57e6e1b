using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Policy;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Cli.Commands;

internal static class TokensCommand
{
    public static Command Create()
    {
        var owner = new Option<string?>("--owner") { Description = "Only tokens owned by this person" };
        var cls = new Option<string?>("--class") { Description = "Only tokens of this class" };
        var state = new Option<string?>("--state") { Description = $"Only tokens in this state ({string.Join(", ", TokenStates.All)})" };
        state.AcceptOnlyFromAmong([.. TokenStates.All]);
        var list = new Command("list", "Tokens and their state.\n\nExample: revctl tokens list --owner alice@contoso.com") { owner, cls, state };
        list.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var rows = new List<TokenRecord>();
            var classes = new HashSet<string>(services.GetRequiredService<PolicyDocument>().Classes.Keys, StringComparer.Ordinal);
            await foreach (var t in services.GetRequiredService<ITokenStore>().ListAsync(ct))
            {
                if (t.View.Class is { } known) classes.Add(known);
                if (parse.GetValue(owner) is { } o && !PersonIds.Same(t.View.Owner, o)) continue;
                if (parse.GetValue(cls) is { } c && t.View.Class != c) continue;
                if (parse.GetValue(state) is { } s && t.State != s) continue;
                rows.Add(t);
            }
            // A mistyped class matches nothing: say so on stderr (the empty list stays a valid result for scripts).
            if (parse.GetValue(cls) is { } wanted && !classes.Contains(wanted))
                Output.Warn($"no class '{wanted}' in the policy or on any token{DidYouMean.Hint(wanted, classes)}");
            Output.WriteList(settings.Format, [.. rows.Select(TokenJson.Summary)], ["TOKEN", "CLASS", "OWNER", "STATE", "EXPIRES", "LAST USED", "NEXT DUE", "MARKS"],
                t => [t.TokenId, t.Class, t.Owner, t.State, Output.Time(t.ExpiresAt), Output.Time(t.LastUsedAt), Output.Time(t.NextDueAt),
                    t.Marks.Count == 0 ? "-" : string.Join(",", t.Marks)]);
            return CliApp.Ok;
        }));

        var id = new Argument<string>("TOKEN_ID");
        var show = new Command("show", "A token's state and its whole ledger history.\n\nExample: revctl tokens show corp-oauth:3f9a") { id };
        show.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var store = services.GetRequiredService<ITokenStore>();
            var tokenId = parse.GetValue(id)!;
            var token = await store.TryGetAsync(tokenId, ct) ?? throw new UsageException($"unknown token id: {tokenId} (see 'revctl tokens list')");
            var history = new List<Core.Ledger.LedgerEntry>();
            await foreach (var e in store.ReadChainAsync(tokenId, ct)) history.Add(e);
            if (settings.Json)
            {
                Output.WriteDocument(settings.Format, TokenJson.Detail(token, history));
                return CliApp.Ok;
            }
            var v = token.View;
            var o = Console.Out;
            o.WriteLine($"token       {token.TokenId}");
            o.WriteLine($"state       {token.State}{(token.Revocation.Reason is { } r ? $" ({r})" : "")}{(token.Revocation.LastError is { } err ? $", last error: {err}" : "")}");
            o.WriteLine($"class       {v.Class ?? "-"}");
            o.WriteLine($"owner       {v.Owner ?? "-"}    holder {v.Holder ?? "-"}");
            o.WriteLine($"issued      {Output.Time(v.IssuedAt)}    expires {Output.Time(v.ExpiresAt)}    last used {Output.Time(v.LastUsedAt)}");
            o.WriteLine($"next due    {Output.Time(TokenJson.NextDue(token))}    transfers {v.AcceptedTransfers}{(v.Flags.Count > 0 ? "    flags " + string.Join(",", v.Flags) : "")}");
            o.WriteLine();
            Output.WriteTable(["#", "OCCURRED", "TYPE", "DECISION", "REASON", "SOURCE"],
                history.Select(e => new[] { e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), Output.Time(e.OccurredAt), e.Type, e.Decision, e.Reason, e.EventSource }));
            return CliApp.Ok;
        }));
        return new Command("tokens", "Inspect tokens.") { list, show };
    }
}
