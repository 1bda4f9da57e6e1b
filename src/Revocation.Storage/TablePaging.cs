using System.Text;
using Azure.Data.Tables;
using Revocation.Core.Storage;

namespace Revocation.Storage;

/// <summary>
/// Pages of a table query that resume exactly: each request asks for no more rows than the page still needs, so the
/// service's continuation (next partition and row key) is where the page ends. Continuations are handed out as
/// base64url of the service's token, and a token that does not decode is refused with a clear message.
/// </summary>
internal static class TablePaging
{
    public static async Task<ListPage<T>> TakeAsync<T>(
        TableClient table, string filter, IReadOnlyList<string>? select, int top, string? continuation, Func<TableEntity, T?> map,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var items = new List<T>(top);
        var next = continuation is null ? null : Decode(continuation);
        do
        {
            var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, top - items.Count), select: select, cancellationToken: cancellationToken)
                .AsPages(next, Math.Min(1000, top - items.Count));
            await using var page = pages.GetAsyncEnumerator(cancellationToken);
            if (!await page.MoveNextAsync()) { next = null; break; }
            foreach (var row in page.Current.Values)
                if (map(row) is { } item) items.Add(item);
            next = page.Current.ContinuationToken;
        }
        while (next is not null && items.Count < top);
        return new ListPage<T>(items, next is null ? null : Encode(next));
    }

    private static string Encode(string token) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string continuation)
    {
        var text = continuation.Replace('-', '+').Replace('_', '/');
        text = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        var bytes = new byte[text.Length];
        if (continuation.Length > 4096 || !Convert.TryFromBase64String(text, bytes, out var length))
            throw new FormatException("the continuation token is not one this listing printed");
        return Encoding.UTF8.GetString(bytes, 0, length);
    }
}
