using System.Text.Json;

namespace Revocation.Infra.Tests;

/// <summary>One output of the compiled template or of a nested deployment (module).</summary>
internal sealed record ArmOutput(string Name, JsonElement Element, string TemplatePath)
{
    public string OutputType => Element.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "";

    public string ValueText => Element.TryGetProperty("value", out var value) ? value.GetRawText() : "";

    public override string ToString() => $"{TemplatePath}: output '{Name}'";
}
