using System.Text.Json;
using System.Text.Json.Serialization;

namespace Revocation.Storage;

/// <summary>JSON options for values kept in table properties.</summary>
internal static class StorageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
