using System.Text.Json;
using Azure.Data.Tables;
using Revocation.Core.Storage;
using Revocation.Core.Tokens;

namespace Revocation.Storage;

/// <summary>Row layout of a token's state row (<c>RowKey = ~state</c>) in the <c>ledger</c> table.</summary>
internal static class StateRows
{
    public static TableEntity ToEntity(string partitionKey, TokenCommit commit)
    {
        var entity = new TableEntity(partitionKey, LedgerRows.StateRowKey)
        {
            ["Kind"] = "state",
            ["HeadSeq"] = commit.HeadSeq,
            ["HeadHash"] = commit.HeadHash,
        };
        if (commit.State is { } s)
        {
            entity["TokenId"] = s.TokenId;
            entity["State"] = s.State;
            entity["Class"] = s.View.Class;
            entity["Owner"] = s.View.Owner;
            entity["NextDueAt"] = s.NextDueAt;
            entity["Inputs"] = JsonSerializer.Serialize(s.Inputs, StorageJson.Options);
            entity["Revocation"] = JsonSerializer.Serialize(s.Revocation, StorageJson.Options);
            entity["View"] = JsonSerializer.Serialize(s.View, StorageJson.Options);
        }
        return entity;
    }

    public static TokenRecord FromEntity(TableEntity t)
    {
        var tokenId = t.GetString("TokenId") ?? KeyEncoding.DecodeChain(t.PartitionKey);
        return new TokenRecord
        {
            TokenId = tokenId,
            Inputs = Read<TokenInputs>(t, "Inputs") ?? TokenInputs.Empty,
            Revocation = Read<RevocationStatus>(t, "Revocation") ?? RevocationStatus.None,
            View = Read<TokenView>(t, "View") ?? new TokenView { TokenId = tokenId },
            HeadSeq = t.GetInt64("HeadSeq") ?? 0,
            HeadHash = t.GetString("HeadHash") ?? "",
            NextDueAt = t.GetDateTimeOffset("NextDueAt"),
            Version = t.ETag.ToString(),
        };
    }

    private static T? Read<T>(TableEntity t, string name) =>
        t.GetString(name) is { Length: > 0 } json ? JsonSerializer.Deserialize<T>(json, StorageJson.Options) : default;
}
