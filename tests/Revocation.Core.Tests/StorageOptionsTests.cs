using Revocation.Core.Storage;

namespace Revocation.Core.Tests;

public class StorageOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(65)]
    public void Validate_ShardsOutOfRange_FailsNamingTheKeyAndRange(int shards)
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Shards = shards });

        Assert.True(result.Failed);
        Assert.Contains($"Revocation:Storage:Shards ({shards}) must be between 1 and 64", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(64)]
    public void Validate_ShardsInRange_Succeeds(int shards) =>
        Assert.True(new StorageOptionsValidator().Validate(null, new StorageOptions { Shards = shards }).Succeeded);

    [Fact]
    public void Shards_Default_IsEight() => Assert.Equal(8, new StorageOptions().Shards);
}
