using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Revocation.Core.Storage;

namespace Revocation.Pipeline.Tests;

/// <summary>Pages of state rows and of a person's index rows cover every token exactly once; the storage options are validated at start.</summary>
public sealed class ListingPageTests : FreshAzuriteTests
{
    [Fact]
    public async Task ListPage_TopSeven_ContinuationsCoverEveryTokenOnceAndFiltersHold()
    {
        using var p = new Pipeline(Azurite.ConnectionString, Events.Policy(), KeyFile);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 23; i++) await p.DeliverAsync(Events.Issued($"e{i}", $"page:{i:D2}", i % 3 == 0 ? "ci" : "batch", i % 2 == 0 ? "even@x" : "odd@x", now));
        var store = p.Get<ITokenStore>();

        var all = await AllPagesAsync((top, next) => store.ListPageAsync(null, null, top, next, CancellationToken.None), t => t.TokenId);
        var ci = await AllPagesAsync((top, next) => store.ListPageAsync("ci", "active", top, next, CancellationToken.None), t => t.TokenId);
        var even = await AllPagesAsync((top, next) => p.Get<IPersonIndex>().ListTokensPageAsync("EVEN@x", top, next, CancellationToken.None), id => id);

        Assert.Equal(Enumerable.Range(0, 23).Select(i => $"page:{i:D2}"), all.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 23).Where(i => i % 3 == 0).Select(i => $"page:{i:D2}"), ci.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 23).Where(i => i % 2 == 0).Select(i => $"page:{i:D2}"), even.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<FormatException>(() => store.ListPageAsync(null, null, 7, "not base64!", CancellationToken.None));
    }

    [Fact]
    public void Start_ShardsOutOfRange_FailsNamingTheKey()
    {
        using var p = new Pipeline(Azurite.ConnectionString, Events.Policy(), KeyFile, configure: s => s.Configure<StorageOptions>(o => o.Shards = 0));

        var e = Assert.Throws<OptionsValidationException>(() => p.Get<IOptions<StorageOptions>>().Value);
        Assert.Contains("Revocation:Storage:Shards (0)", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Follows continuations with pages of 7; fails on a page over 7 or an item seen twice.</summary>
    private static async Task<List<string>> AllPagesAsync<T>(Func<int, string?, Task<ListPage<T>>> page, Func<T, string> id)
    {
        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var current = await page(7, next);
            Assert.InRange(current.Items.Count, 0, 7);
            seen.AddRange(current.Items.Select(id));
            next = current.Continuation;
            Assert.True(++pages < 20, "continuations must end");
        }
        while (next is not null);
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        return seen;
    }
}
