namespace Revocation.Core.Tokens;

/// <summary>Factory of records for tokens never seen.</summary>
public static class TokenRecords
{
    public static TokenRecord New(string tokenId) => new() { TokenId = tokenId, View = new TokenView { TokenId = tokenId } };
}
