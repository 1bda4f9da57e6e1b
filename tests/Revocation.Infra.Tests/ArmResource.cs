using System.Text.Json;

namespace Revocation.Infra.Tests;

/// <summary>One resource of the compiled template or of a nested deployment, with the template it sits in.</summary>
internal sealed record ArmResource(string Type, JsonElement Element, ArmScope Scope)
{
    public string Name => Element.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "";

    public JsonElement Properties =>
        Element.TryGetProperty("properties", out var properties) ? properties : default;

    /// <summary>The element at a dotted path below the resource (for example "properties.siteConfig.alwaysOn").</summary>
    public JsonElement? At(string path)
    {
        var current = Element;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }

    public override string ToString() => $"{Type} '{Name}'";
}
