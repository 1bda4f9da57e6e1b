using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Revocation.Cli.Hosting;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Cli.Commands;

internal static class TokensCommand
{
    private const int DefaultTop = 100;
    private const int MaxTop = 1000;

    public static Command Create()
    {
        var owner = new Option<string?>("--owner") { Description = "Only tokens owned by this person" };
        var cls = new Option<string?>("--class") { Description = "Only tokens of this class" };
        var state = new Option<string?>("--state") { Description = $"Only tokens in this state ({string.Join(", ", TokenStates.All)})" };
        state.AcceptOnlyFromAmong([.. TokenStates.All]);
        var top = new Option<int>("--top") { Description = $"Tokens per page (1-{MaxTop}); the next page's --continue is printed on stderr", DefaultValueFactory = _ => DefaultTop };
        top.Validators.Add(r => { if (r.GetValue(top) is < 1 or > MaxTop) r.AddError($"--top must be between 1 and {MaxTop}"); });
        var next = new Option<string?>("--continue") { Description = "Continue a listing where the previous page ended (the token it printed)" };
        var list = new Command("list", "Tokens and their state, a page at a time (--owner is served by the person index).\n\n" +
            "Example: revctl tokens list --owner alice@contoso.com --top 50") { owner, cls, state, top, next };
        list.SetAction((parse, ct) => CliApp.GuardAsync(parse, async settings =>
        {
            using var services = CliServices.Build(settings, requirePolicy: false);
            var page = await TokenListing.PageAsync(services, parse.GetValue(owner), parse.GetValue(cls), parse.GetValue(state),
                parse.GetValue(top), parse.GetValue(next), ct);
            // A mistyped class matches nothing: say so on stderr (the empty list stays a valid result for scripts).
            if (parse.GetValue(cls) is { } wanted && page.Items.Count == 0 && await TokenListing.KnownClassesAsync(services, ct) is var classes && !classes.Contains(wanted))
                Output.Warn($"no class '{wanted}' in the policy or on any token{DidYouMean.Hint(wanted, classes)}");
            Output.WriteList(settings.Format, [.. page.Items.Select(TokenJson.Summary)], ["TOKEN", "CLASS", "OWNER", "STATE", "EXPIRES", "LAST USED", "NEXT DUE", "MARKS"],
                t => [t.TokenId, t.Class, t.Owner, t.State, Output.Time(t.ExpiresAt), Output.Time(t.LastUsedAt), Output.Time(t.NextDueAt),
                    t.Marks.Count == 0 ? "-" : string.Join(",", t.Marks)]);
            if (page.Continuation is { } more) Console.Error.WriteLine($"revctl: more tokens: add --continue {more}");
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
