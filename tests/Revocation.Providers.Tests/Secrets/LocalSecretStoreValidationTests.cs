using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Revocation.Secrets;

namespace Revocation.Providers.Tests.Secrets;

/// <summary>Local store checks that fail before any table call (no Azurite needed).</summary>
public sealed class LocalSecretStoreValidationTests : IDisposable
{
    private const string Value = "ghs_LOCAL-plaintext-4711";
    private readonly string directory = Directory.CreateTempSubdirectory("local-secrets-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private LocalSecretStore Store(string? keyFile = null) => new(
        new TableServiceClient("UseDevelopmentStorage=true"),
        Options.Create(new LocalSecretStoreOptions { KeyFilePath = keyFile ?? Path.Combine(directory, "k.key") }),
        NullLogger<LocalSecretStore>.Instance);

    [Theory]
    [InlineData("local:")]
    [InlineData("local:../x")]
    [InlineData("local:name with space")]
    [InlineData("local:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task TryGetAsync_InvalidName_ArgumentException(string reference) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store().TryGetAsync(reference, CancellationToken.None));

    [Fact]
    public async Task TryGetAsync_KeyFileOfWrongSize_ClearError()
    {
        var keyFile = Path.Combine(directory, "short.key");
        await File.WriteAllBytesAsync(keyFile, new byte[16]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Store(keyFile: keyFile).PutAsync(Value, CancellationToken.None));

        Assert.Contains("exactly 32 bytes", error.Message, StringComparison.Ordinal);
    }
}
