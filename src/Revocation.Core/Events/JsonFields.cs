using System.Globalization;
using System.Text.Json;

namespace Revocation.Core.Events;

/// <summary>Reads and validates fields of a JSON object, collecting the first problem as a readable reason.</summary>
internal sealed class JsonFields(JsonElement obj, string path)
{
    /// <summary>Ids (token, person, source) are user input: bounded, no control characters.</summary>
    public const int MaxIdLength = 256;

    /// <summary>Ids become table keys (≤ 1 KiB) after percent-encoding, which at worst triples each UTF-8 byte.</summary>
    public const int MaxIdUtf8Bytes = 340;

    public string? Error { get; private set; }

    public string? RequiredId(string name) => Id(name, required: true);

    public string? OptionalId(string name) => Id(name, required: false);

    /// <summary>
    /// <c>tokenId</c>: an id whose first character is not '~', the prefix of the ledger's own chains
    /// (<see cref="Ledger.LedgerChains"/>): a token named <c>~system</c> would otherwise write into the pipeline's chain.
    /// </summary>
    public string? RequiredTokenId()
    {
        var id = RequiredId("tokenId");
        return id is not null && id.StartsWith('~') ? Fail($"{path}.tokenId must not start with '~' (reserved for the ledger's own chains)") : id;
    }

    public string? OptionalText(string name, int maxLength)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) return Fail($"{path}.{name} must be a string");
        var text = value.GetString()!;
        return text.Length > maxLength ? Fail($"{path}.{name} is longer than {maxLength} characters") : text;
    }

    public DateTimeOffset? Time(string name, bool required)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return required ? Fail<DateTimeOffset?>($"{path}.{name} is required") : null;
        if (value.ValueKind != JsonValueKind.String ||
            !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ||
            !value.GetString()!.Contains('T', StringComparison.Ordinal))
            return Fail<DateTimeOffset?>($"{path}.{name} must be an RFC 3339 timestamp");
        return time.ToUniversalTime();
    }

    public JsonElement? Object(string name, bool required)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return required ? Fail<JsonElement?>($"{path}.{name} is required") : null;
        return value.ValueKind == JsonValueKind.Object ? value : Fail<JsonElement?>($"{path}.{name} must be an object");
    }

    public bool? OptionalBool(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : Fail<bool?>($"{path}.{name} must be true or false");
    }

    public void Fail(string reason, bool overwrite) { if (overwrite || Error is null) Error = reason; }

    private string? Id(string name, bool required)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return required ? Fail($"{path}.{name} is required") : null;
        if (value.ValueKind != JsonValueKind.String) return Fail($"{path}.{name} must be a string");
        var id = value.GetString()!;
        return IdProblem($"{path}.{name}", id) is { } problem ? Fail(problem) : id;
    }

    /// <summary>Why <paramref name="id"/> is not a valid identifier (docs/events.md, Limits), naming it <paramref name="name"/>; null when it is.</summary>
    public static string? IdProblem(string name, string id)
    {
        if (string.IsNullOrWhiteSpace(id)) return $"{name} must not be empty";
        if (id.Length > MaxIdLength) return $"{name} is longer than {MaxIdLength} characters";
        if (System.Text.Encoding.UTF8.GetByteCount(id) > MaxIdUtf8Bytes) return $"{name} is longer than {MaxIdUtf8Bytes} UTF-8 bytes";
        return id.Any(char.IsControl) ? $"{name} contains control characters" : null;
    }

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value);
    }

    private string? Fail(string reason) => Fail<string?>(reason);

    private T Fail<T>(string reason)
    {
        Error ??= reason;
        return default!;
    }
}
