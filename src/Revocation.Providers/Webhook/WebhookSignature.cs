using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Revocation.Providers.Webhook;

/// <summary>
/// The webhook signature: <c>sha256=</c> + lowercase hex of HMAC-SHA256(key, "{timestamp}.{rawBody}"), where
/// the key is the UTF-8 bytes of the signing secret and the timestamp is the <c>X-Revocation-Timestamp</c>
/// header (unix seconds). Receivers verify it and reject timestamps outside their replay window.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-Revocation-Timestamp";
    public const string SignatureHeader = "X-Revocation-Signature";
    public const string Prefix = "sha256=";

    /// <summary>The <see cref="SignatureHeader"/> value for a timestamp and raw body.</summary>
    public static string Compute(string signingKey, long timestamp, ReadOnlySpan<byte> rawBody)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingKey);
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + rawBody.Length];
        prefix.CopyTo(message, 0);
        rawBody.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), message);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time check of a received signature, with a replay window around <paramref name="now"/>.</summary>
    public static bool Verify(string signingKey, string timestampHeader, string signatureHeader, ReadOnlySpan<byte> rawBody, DateTimeOffset now, TimeSpan window)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > window.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(signingKey, timestamp, rawBody));
        var actual = Encoding.ASCII.GetBytes(signatureHeader ?? string.Empty);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
