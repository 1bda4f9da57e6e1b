using System.Text;

namespace Revocation.Storage;

/// <summary>
/// Encodes user input (token and person ids) into table keys: ASCII letters, digits and <c>-_.@:</c> stay as they
/// are, every other byte of the UTF-8 form becomes <c>%XX</c>. Keys never hold <c>/ \ # ?</c>, control
/// characters or a leading <c>~</c> (reserved for the pipeline's own rows), and the encoding is reversible.
/// </summary>
public static class KeyEncoding
{
    /// <summary>Table keys are at most 1 KiB.</summary>
    public const int MaxKeyLength = 1024;

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '@' or ':') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        if (sb.Length > MaxKeyLength) throw new ArgumentException($"id is too long for a table key ({sb.Length} > {MaxKeyLength} encoded)", nameof(value));
        return sb.ToString();
    }

    public static string Decode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = new List<byte>(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == '%' && i + 2 < key.Length)
            {
                bytes.Add(Convert.ToByte(key.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.Add((byte)key[i]);
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>The partition of a chain: the encoded token id, or the reserved system chain name as is.</summary>
    public static string Chain(string chain) => chain == Core.Ledger.LedgerChains.System ? chain : Encode(chain);

    public static string DecodeChain(string partitionKey) => partitionKey.StartsWith('~') ? partitionKey : Decode(partitionKey);
}
