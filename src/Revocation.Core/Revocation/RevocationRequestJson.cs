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

    /// <summary>The request, or null when <paramref name="body"/> is not JSON with a <c>tokenId</c> and a <c>reason</c>.</summary>
    public static RevocationRequest? Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            var request = JsonSerializer.Deserialize<RevocationRequest>(body, Options);
            return request is { TokenId.Length: > 0, Reason.Length: > 0 } ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
