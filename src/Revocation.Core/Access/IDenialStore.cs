namespace Revocation.Core.Access;

/// <summary>
/// Denied decisions, kept as evidence of who tried to use what they may not (docs/decisions.md): one row per
/// (window, token, reason, instance). The report reads them with <see cref="ListAsync"/>.
/// </summary>
public interface IDenialStore
{
    Task WriteAsync(IReadOnlyList<DenialRecord> denials, CancellationToken cancellationToken);

    /// <summary>Every denial row whose window starts at or after <paramref name="since"/>, oldest window first.</summary>
    IAsyncEnumerable<DenialRecord> ListAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>
/// The denials of one window for one (token, reason). <see cref="TokenId"/> is null for the row that aggregates unknown token
/// ids (and, past <see cref="DecisionOptions.MaxDenialKeysPerInterval"/>, every other token) for a reason; its
/// <see cref="TokenIds"/> keeps a sample. <see cref="Holders"/> keeps the first distinct callers (at most <see cref="MaxSample"/>).
/// </summary>
public sealed record DenialRecord(
    DateTimeOffset WindowStart,
    string? TokenId,
    string Reason,
    long Count,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt,
    IReadOnlyList<string> Holders,
    IReadOnlyList<string> TokenIds,
    string Instance)
{
    /// <summary>Distinct holders and token ids kept per row.</summary>
    public const int MaxSample = 5;

    /// <summary><c>sha256:</c> and the first 16 hex digits of the SHA-256 of the id's UTF-8: matches an id you hold, reveals none.</summary>
    public static string Fingerprint(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))[..16];
    }
}
