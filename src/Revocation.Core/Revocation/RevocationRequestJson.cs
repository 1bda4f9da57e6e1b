using System.Text.Json;
using System.Text.Json.Serialization;

namespace Revocation.Core.Revocation;

/// <summary>
/// The wire format of a <c>revocations</c> message: a <see cref="RevocationRequest"/> as camelCase JSON, nulls left
/// out. No token value is ever part of it.
/// </summary>
public static class RevocationRequestJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(RevocationRequest request) => JsonSerializer.Serialize(request, Options);

    /// <summary>
    /// The request, or null when <paramref name="body"/> is not JSON with a <c>tokenId</c> and a <c>reason</c> within the
    /// intake's limits (ids: docs/events.md; reason ≤ 512 characters; no control characters; attempt 1–100): the queue is
    /// ours, but what it holds is checked like any input before it reaches the ledger.
    /// </summary>
    public static RevocationRequest? Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            var request = JsonSerializer.Deserialize<RevocationRequest>(body, Options);
            return request is { TokenId.Length: > 0 and <= Events.JsonFields.MaxIdLength, Reason.Length: > 0 and <= 512, Attempt: >= 1 and <= 100 }
                && Plain(request.TokenId) && Plain(request.Reason) && Plain(request.RequestedBy) && (request.Actor is null || Plain(request.Actor))
                && (request.Incident is null || Plain(request.Incident)) && request.RequestedBy.Length <= 128 && (request.Actor?.Length ?? 0) <= 256
                && (request.Incident?.Length ?? 0) <= Events.JsonFields.MaxIdLength
                ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Plain(string? text) => text is not null && !text.Any(char.IsControl);
}
