using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revocation.Core.Secrets;

namespace Revocation.Secrets;

/// <summary>
/// DEV ONLY. <c>local:{name}</c> references to values kept in an Azure Table (Azurite locally), encrypted with
/// AES-256-GCM under a key from a local key file (<see cref="LocalSecretStoreOptions"/>): a fresh 12-byte nonce per
/// value, the 16-byte tag stored beside it, the reference bound in as associated data. Never plaintext in the table.
/// Needs a <see cref="TableServiceClient"/> registered by the host.
/// </summary>
public sealed partial class LocalSecretStore : ISecretStore
{
    public const string Scheme = "local:";
    public const string PartitionKey = "local";

    /// <summary>Azure Table Storage's limit of actions in one entity group transaction.</summary>
    private const int MaxTransactionActions = 100;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly TableClient table;
    private readonly LocalSecretStoreOptions options;
    private readonly ILogger<LocalSecretStore> logger;
    private readonly Lazy<byte[]> key;
    private volatile bool tableReady;

    public LocalSecretStore(TableServiceClient tables, IOptions<LocalSecretStoreOptions> options, ILogger<LocalSecretStore> logger)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
        table = tables.GetTableClient(this.options.TableName);
        key = new Lazy<byte[]>(LoadKey, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool CanResolve(string reference) =>
        reference is not null && reference.StartsWith(Scheme, StringComparison.Ordinal);

    /// <summary>Stores <paramref name="value"/> under a random 128-bit name and returns its <c>local:</c> reference.</summary>
    public async Task<string> PutAsync(string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        var name = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var plaintext = Encoding.UTF8.GetBytes(value);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagSize];
        using (var aes = new AesGcm(key.Value, TagSize))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(name));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        await EnsureTableAsync(cancellationToken);
        await table.AddEntityAsync(new TableEntity(PartitionKey, name)
        {
            ["Format"] = "aes-256-gcm/v1",
            ["Nonce"] = nonce,
            ["Tag"] = tag,
            ["Ciphertext"] = ciphertext,
        }, cancellationToken);
        SecretsLog.Stored(logger, name);
        return Scheme + name;
    }

    public async Task<string?> TryGetAsync(string reference, CancellationToken cancellationToken)
    {
        var name = NameOf(reference);
        await EnsureTableAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, name, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } entity)
        {
            return null;
        }

        var nonce = entity.GetBinary("Nonce");
        var tag = entity.GetBinary("Tag");
        var ciphertext = entity.GetBinary("Ciphertext");
        if (nonce is not { Length: NonceSize } || tag is not { Length: TagSize } || ciphertext is null)
        {
            throw new InvalidOperationException($"Local secret '{name}' is malformed in table '{options.TableName}'.");
        }

        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key.Value, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(name));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new InvalidOperationException(
                $"Local secret '{name}' does not decrypt with the key file '{options.KeyFilePath}' (another key, or a tampered row).");
        }

        return Encoding.UTF8.GetString(plaintext);
    }

    public async Task<bool> TryDeleteAsync(string reference, CancellationToken cancellationToken)
    {
        var name = NameOf(reference);
        await EnsureTableAsync(cancellationToken);
        bool deleted;
        try
        {
            var response = await table.DeleteEntityAsync(PartitionKey, name, ETag.All, cancellationToken);
            deleted = response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            deleted = false;
        }

        SecretsLog.Deleted(logger, name, deleted);
        return deleted;
    }

    /// <summary>Up to 100 deletions per entity group transaction (one partition); a chunk with a value already gone is deleted one by one.</summary>
    public async Task<int> TryDeleteManyAsync(IReadOnlyCollection<string> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var names = references.Select(NameOf).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return 0;
        await EnsureTableAsync(cancellationToken);
        var deleted = 0;
        foreach (var chunk in names.Chunk(MaxTransactionActions))
        {
            try
            {
                await table.SubmitTransactionAsync(
                    chunk.Select(name => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(PartitionKey, name), ETag.All)),
                    cancellationToken);
                foreach (var name in chunk) SecretsLog.Deleted(logger, name, true);
                deleted += chunk.Length;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                foreach (var name in chunk)
                    if (await TryDeleteAsync(Scheme + name, cancellationToken)) deleted++;
            }
        }

        return deleted;
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        // Not cached as a task: a failure (Azurite not started yet) must not stick.
        if (!tableReady)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            tableReady = true;
        }
    }

    private static byte[] AssociatedData(string name) => Encoding.UTF8.GetBytes(Scheme + name);

    private static string NameOf(string reference)
    {
        var name = reference is not null && reference.StartsWith(Scheme, StringComparison.Ordinal) ? reference[Scheme.Length..] : null;
        return name is not null && NamePattern().IsMatch(name)
            ? name
            : throw new ArgumentException("Not a local: reference (local:{name}, name 1-64 letters, digits or '-').", nameof(reference));
    }

    private byte[] LoadKey()
    {
        var (loaded, created) = LocalSecretKeyFile.LoadOrCreate(options.KeyFilePath);
        if (created)
        {
            SecretsLog.KeyFileCreated(logger, options.KeyFilePath);
        }

        return loaded;
    }

    // Generated names are 32 lowercase hex characters; hand-made ones 1-64 letters, digits or '-'.
    [GeneratedRegex("^(?:[a-f0-9]{32}|[A-Za-z0-9-]{1,64})$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
