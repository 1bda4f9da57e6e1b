using System.Security.Cryptography;

namespace Revocation.Secrets;

/// <summary>Loads the local store's 32-byte key, creating it (directory 0700, file 0600) when absent.</summary>
internal static class LocalSecretKeyFile
{
    public const int KeySize = 32;

    /// <summary>The key, and whether this call created the file.</summary>
    public static (byte[] Key, bool Created) LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            var key = RandomNumberGenerator.GetBytes(KeySize);
            if (TryCreate(path, key))
            {
                return (key, true);
            }
        }

        var existing = File.ReadAllBytes(path);
        if (existing.Length != KeySize)
        {
            throw new InvalidOperationException($"The local secrets key file '{path}' must hold exactly {KeySize} bytes; it holds {existing.Length}.");
        }

        return (existing, false);
    }

    private static bool TryCreate(string path, byte[] key)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(key);
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first (CreateNew): use theirs.
            return false;
        }
    }
}
