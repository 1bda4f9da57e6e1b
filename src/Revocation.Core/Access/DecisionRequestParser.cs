using System.Text.Json;
using Revocation.Core.Events;

namespace Revocation.Core.Access;

/// <summary>
/// Reads a decision request body: a JSON object with <c>tokenId</c> and <c>holder</c> (identifiers, as events' ids:
/// non-blank, ≤ 256 characters and 340 UTF-8 bytes, no control characters), optional <c>scope</c> (≤ 1,024 characters,
/// no control characters) and <c>task</c> (an identifier). Unknown fields are ignored. At most 8 levels deep.
/// </summary>
public static class DecisionRequestParser
{
    public const int MaxScopeLength = 1024;
    public const int MaxDepth = 8;

    /// <summary>The request, or the field at fault (a JSON path, or <c>body</c>) and why.</summary>
    public static (DecisionRequest? Request, string? Field, string? Error) Parse(ReadOnlySpan<byte> utf8)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            return (null, "body", $"the body is not valid JSON of at most {MaxDepth} levels ({e.Message.Split('.')[0]})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return (null, "body", "the body must be a JSON object");
            var fields = new JsonFields(doc.RootElement, "$");
            var tokenId = fields.RequiredId("tokenId");
            var holder = fields.RequiredId("holder");
            var scope = fields.OptionalText("scope", MaxScopeLength);
            if (scope is not null && scope.Any(char.IsControl)) fields.Fail("$.scope contains control characters", overwrite: false);
            var task = fields.OptionalId("task");
            if (fields.Error is { } error) return (null, error.Split(' ')[0], error);
            return (new DecisionRequest(tokenId!, holder!, scope, task), null, null);
        }
    }
}
