using System.Text.RegularExpressions;

namespace Revocation.Storage;

/// <summary>
/// Which storage a command line names, and how to reach it. Three forms:
/// <list type="bullet">
/// <item>a connection string (it contains <c>=</c>, e.g. <c>UseDevelopmentStorage=true</c> or Azurite's): shared key, as locally;</item>
/// <item>a storage account name (3-24 lowercase letters and digits): the public cloud's
/// <c>https://NAME.table.core.windows.net</c> and <c>https://NAME.queue.core.windows.net</c>, with an Entra ID token;</item>
/// <item><c>table=https://...;queue=https://...</c> (either order): the two service endpoints, for sovereign clouds or
/// custom domains, with an Entra ID token. Both must be https: the Azure SDK sends a bearer token only over TLS.</item>
/// </list>
/// </summary>
public sealed partial record StorageTarget
{
    /// <summary>The one-line description of the accepted forms, for usage errors.</summary>
    public const string Forms =
        "a connection string, a storage account name (3-24 lowercase letters and digits), or table=https://...;queue=https://...";

    private StorageTarget(string? connectionString, Uri? tableEndpoint, Uri? queueEndpoint) =>
        (ConnectionString, TableEndpoint, QueueEndpoint) = (connectionString, tableEndpoint, queueEndpoint);

    /// <summary>The connection string; null when the target is reached with a token.</summary>
    public string? ConnectionString { get; }

    /// <summary>The table service endpoint; null for a connection string.</summary>
    public Uri? TableEndpoint { get; }

    /// <summary>The queue service endpoint; null for a connection string.</summary>
    public Uri? QueueEndpoint { get; }

    /// <summary>Whether requests carry an Entra ID bearer token (account name or endpoints) rather than a shared key.</summary>
    public bool UsesToken => ConnectionString is null;

    /// <summary>Reads <paramref name="value"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static StorageTarget Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (AccountName().IsMatch(text))
            return new StorageTarget(null, new Uri($"https://{text}.table.core.windows.net"), new Uri($"https://{text}.queue.core.windows.net"));
        if (!text.Contains('=', StringComparison.Ordinal))
            throw new FormatException($"'{Shorten(text)}' is not {Forms}");
        var parts = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!parts.Any(p => IsKey(p, "table") || IsKey(p, "queue"))) return new StorageTarget(text, null, null);
        Uri? table = null, queue = null;
        foreach (var part in parts)
        {
            if (IsKey(part, "table") && table is null) table = Endpoint(part);
            else if (IsKey(part, "queue") && queue is null) queue = Endpoint(part);
            else throw new FormatException($"endpoints take exactly table=https://...;queue=https://..., not '{KeyOf(part)}='");
        }
        if (table is null || queue is null)
            throw new FormatException($"endpoints need both table=https://... and queue=https://... ({(table is null ? "table" : "queue")} is missing)");
        return new StorageTarget(null, table, queue);
    }

    /// <summary>How the target reads in messages: the account or endpoints, never a key.</summary>
    public override string ToString() => UsesToken
        ? $"table={TableEndpoint};queue={QueueEndpoint}"
        : "a connection string";

    private static bool IsKey(string part, string key) =>
        part.StartsWith(key + "=", StringComparison.OrdinalIgnoreCase);

    private static Uri Endpoint(string part)
    {
        var url = part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(uri.Query))
            throw new FormatException($"'{Shorten(part)}' is not an https URL (a bearer token is only sent over https)");
        return uri;
    }

    // Only the key: the value of an unexpected part may be a secret.
    private static string KeyOf(string part) => Shorten(part[..part.IndexOf('=', StringComparison.Ordinal)]);

    // Keeps a pasted secret out of the message: only the start of an unrecognised value is echoed.
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    [GeneratedRegex("^[a-z0-9]{3,24}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountName();
}
