using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Revocation.Secrets;
using Revocation.Testing;

namespace Revocation.Providers.Tests.Secrets;

public sealed class LocalSecretStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Value = "ghs_LOCAL-plaintext-4711";
    private readonly string directory = Directory.CreateTempSubdirectory("local-secrets-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string KeyFile => Path.Combine(directory, "nested", "local-secrets.key");

    private LocalSecretStore Store(string table = "localsecrets", string? keyFile = null) => new(
        new TableServiceClient(azurite.ConnectionString),
        Options.Create(new LocalSecretStoreOptions { KeyFilePath = keyFile ?? KeyFile, TableName = table }),
        NullLogger<LocalSecretStore>.Instance);

    [Fact]
    public async Task PutGetDelete_RoundTrip_AndTableHoldsNoPlaintext()
    {
        var store = Store();

        var reference = await store.PutAsync(Value, CancellationToken.None);

        Assert.Matches("^local:[a-f0-9]{32}$", reference);
        Assert.Equal(Value, await store.TryGetAsync(reference, CancellationToken.None));
        var row = (await new TableServiceClient(azurite.ConnectionString).GetTableClient("localsecrets")
            .GetEntityAsync<TableEntity>(LocalSecretStore.PartitionKey, reference["local:".Length..])).Value;
        foreach (var (name, property) in row)
        {
            var text = property is byte[] bytes ? Encoding.UTF8.GetString(bytes) + Convert.ToBase64String(bytes) : property?.ToString() ?? "";
            Assert.DoesNotContain("plaintext", text, StringComparison.Ordinal);
        }

        Assert.True(await store.TryDeleteAsync(reference, CancellationToken.None));
        Assert.Null(await store.TryGetAsync(reference, CancellationToken.None));
        Assert.False(await store.TryDeleteAsync(reference, CancellationToken.None));
    }

    [Fact]
    public async Task TryDeleteManyAsync_DeletesInBatches_AndAChunkWithAMissingValueStillDeletesTheRest()
    {
        var store = Store("localsecretsmany");
        var references = new List<string>();
        for (var i = 0; i < 150; i++) references.Add(await store.PutAsync(Value + i, CancellationToken.None));
        var kept = await store.PutAsync(Value + "kept", CancellationToken.None);
        // One value of the second chunk is gone already (deleted by an earlier, interrupted run): that chunk's transaction
        // fails as a whole and is deleted one by one.
        Assert.True(await store.TryDeleteAsync(references[120], CancellationToken.None));

        var deleted = await store.TryDeleteManyAsync([.. references, references[0]], CancellationToken.None);

        Assert.Equal(149, deleted);
        foreach (var reference in references) Assert.Null(await store.TryGetAsync(reference, CancellationToken.None));
        Assert.Equal(Value + "kept", await store.TryGetAsync(kept, CancellationToken.None));
        Assert.Equal(0, await store.TryDeleteManyAsync(references, CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_FirstUse_CreatesKeyFileOwnerOnly()
    {
        await Store().PutAsync(Value, CancellationToken.None);

        Assert.Equal(32, new FileInfo(KeyFile).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        }
    }

    [Fact]
    public async Task TryGetAsync_OtherKey_ClearErrorWithoutValue()
    {
        var reference = await Store().PutAsync(Value, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Store(keyFile: Path.Combine(directory, "other.key")).TryGetAsync(reference, CancellationToken.None));

        Assert.Contains("does not decrypt", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, error.Message, StringComparison.Ordinal);
    }
}
