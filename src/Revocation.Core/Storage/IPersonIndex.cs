namespace Revocation.Core.Storage;

/// <summary>Tokens by the person who owns or holds them. Rows are hints: readers check the token's current owner.</summary>
public interface IPersonIndex
{
    Task AddAsync(string personId, string tokenId, CancellationToken cancellationToken);

    IAsyncEnumerable<string> ListTokensAsync(string personId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="top"/> of the person's token ids from <paramref name="continuation"/> on (null: the first page).</summary>
    Task<ListPage<string>> ListTokensPageAsync(string personId, int top, string? continuation, CancellationToken cancellationToken);
}
