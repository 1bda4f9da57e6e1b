using System.Text.Json;

namespace Revocation.Signals;

/// <summary>
/// Reads the subject of a RISC or CAEP event (RFC 9493 subject identifiers; the event's own <c>subject</c> member, else the
/// SET's <c>sub_id</c>). Formats read: <c>email</c> (the person id is the address), <c>iss_sub</c> (the <c>sub</c>),
/// <c>opaque</c> (the <c>id</c>: a person id, or for a credential event our token id). Others are refused, not guessed.
/// </summary>
internal static class SetSubject
{
    public static readonly IReadOnlyList<string> Formats = ["email", "iss_sub", "opaque"];

    /// <summary>The identifier the subject names, or the reason it names none we read.</summary>
    public static (string? Id, string? Problem) Read(VerifiedSet set, bool credential)
    {
        var subject = set.Payload.TryGetProperty("subject", out var s) ? s : set.SubId;
        if (subject is not { ValueKind: JsonValueKind.Object } obj) return (null, "the event has no subject (subject in the event, or sub_id)");
        var format = Text(obj, "format");
        var (member, allowed) = format switch
        {
            "email" => ("email", !credential),
            "iss_sub" => ("sub", !credential),
            "opaque" => ("id", true),
            _ => ("", false),
        };
        if (!allowed)
            return (null, credential
                ? $"subject format '{SetVerifier.Clip(format)}' does not name a credential: use format opaque with id = the token id"
                : $"subject format '{SetVerifier.Clip(format)}' is not read (read: {string.Join(", ", Formats)})");
        var id = Text(obj, member);
        return id is null ? (null, $"the {format} subject has no {member}") : (id, null);
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : null;
}
