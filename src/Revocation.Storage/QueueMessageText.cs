using System.Text;

namespace Revocation.Storage;

/// <summary>
/// Decodes a message received without decoding (<see cref="StorageClients.RawQueues"/>): base64 (host.json
/// <c>messageEncoding</c>) of UTF-8 text. A message that is not both can never succeed; the reason says which.
/// </summary>
public static class QueueMessageText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The decoded text, or null with <paramref name="reason"/> naming what is wrong.</summary>
    public static string? TryDecode(BinaryData raw, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var encoded = raw.ToString();
        var bytes = new byte[encoded.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            reason = "not base64: queue messages are base64-encoded UTF-8 (host.json messageEncoding)";
            return null;
        }
        try
        {
            reason = null;
            return StrictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            reason = "not UTF-8: the base64 payload must be UTF-8 JSON";
            return null;
        }
    }
}
