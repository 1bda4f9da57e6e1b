using Microsoft.Extensions.DependencyInjection;
using Revocation.Core.Policy;
using Revocation.Core.Posture;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Cli.Commands;

/// <summary>
/// A page of <c>revctl tokens list</c>: by owner from the person index (one partition; each hinted token read and
/// checked, since index rows are hints), otherwise state rows filtered by class and state in the store. A
/// continuation carries which of the two it pages (<c>o.</c> or <c>s.</c>), so it cannot resume the other listing.
/// </summary>
internal static class TokenListing
{
    public static async Task<ListPage<TokenRecord>> PageAsync(
        IServiceProvider services, string? owner, string? cls, string? state, int top, string? continuation, CancellationToken cancellationToken)
    {
        var mode = owner is null ? "s." : "o.";
        if (continuation is not null && !continuation.StartsWith(mode, StringComparison.Ordinal))
            throw new UsageException("--continue: this token continues a different listing (give the same --owner as the page that printed it)");
        var resume = continuation?[mode.Length..];
        var store = services.GetRequiredService<ITokenStore>();
        try
        {
            if (owner is null)
            {
                var page = await store.ListPageAsync(cls, state, top, resume, cancellationToken);
                return new ListPage<TokenRecord>(page.Items, page.Continuation is null ? null : mode + page.Continuation);
            }
            var ids = await services.GetRequiredService<IPersonIndex>().ListTokensPageAsync(owner, top, resume, cancellationToken);
            var tokens = new List<TokenRecord>(ids.Items.Count);
            foreach (var id in ids.Items)
            {
                // An index row is a hint: the token may have changed owner since (or, for a holder's row, never been owned).
                if (await store.TryGetAsync(id, cancellationToken) is not { } t || !PersonIds.Same(t.View.Owner, owner)) continue;
                if ((cls is null || t.View.Class == cls) && (state is null || t.State == state)) tokens.Add(t);
            }
            return new ListPage<TokenRecord>(tokens, ids.Continuation is null ? null : mode + ids.Continuation);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--continue: {e.Message}");
        }
    }

    /// <summary>The classes of the policy and of any token (from the posture aggregates: no scan).</summary>
    public static async Task<HashSet<string>> KnownClassesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var classes = new HashSet<string>(services.GetRequiredService<PolicyDocument>().Classes.Keys, StringComparer.Ordinal);
        foreach (var cell in (await services.GetRequiredService<IPostureStore>().ReadAsync(cancellationToken)).Keys)
            if (cell.Class != PostureGroup.NoClass) classes.Add(cell.Class);
        return classes;
    }
}
