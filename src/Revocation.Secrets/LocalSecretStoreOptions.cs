namespace Revocation.Secrets;

/// <summary>Options of the dev-only <see cref="LocalSecretStore"/> (configuration section <c>LocalSecrets</c>).</summary>
public sealed class LocalSecretStoreOptions
{
    /// <summary>The 32-byte AES key file; created (mode 0600) on first use. Default <c>~/.revctl/local-secrets.key</c>.</summary>
    public string KeyFilePath { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".revctl", "local-secrets.key");

    /// <summary>Table holding the encrypted values. Default <c>localsecrets</c>.</summary>
    public string TableName { get; set; } = "localsecrets";
}
