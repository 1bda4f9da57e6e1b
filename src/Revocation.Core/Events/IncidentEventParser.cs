using Revocation.Core.Incidents;

namespace Revocation.Core.Events;

/// <summary>
/// The <c>data</c> of <c>incident.declared</c>: <c>selector</c> (required; only the known dimensions: a misspelt one must
/// not silently widen the slice), <c>reason</c> (required, one line of at most 200 characters, never a token value),
/// <c>actor</c> (optional id) and <c>confirm</c> (optional, default false: proceed past the blast-radius guard). Whether the
/// selector names a class or provider of the policy is checked by the intake (<see cref="IncidentSelectorCheck"/>).
/// </summary>
internal static class IncidentEventParser
{
    private static readonly HashSet<string> Dimensions = new(StringComparer.Ordinal) { "class", "provider", "holder", "source", "owner", "issuedBefore", "scope" };

    public static IncidentDeclared? Parse(EventEnvelope envelope, JsonFields d)
    {
        var selectorJson = d.Object("selector", required: true);
        var reason = d.OptionalText("reason", 4096);
        var actor = d.OptionalId("actor");
        var confirm = d.OptionalBool("confirm") ?? false;
        if (d.Error is not null) return null;
        if (Revocation.ReasonText.Problem(reason) is { } problem) { d.Fail("$.data.reason " + problem, overwrite: true); return null; }
        foreach (var property in selectorJson!.Value.EnumerateObject())
        {
            if (Dimensions.Contains(property.Name)) continue;
            d.Fail($"$.data.selector.{property.Name} is not a selector dimension (class, provider, holder, source, owner, issuedBefore, scope)", overwrite: true);
            return null;
        }
        var s = new JsonFields(selectorJson.Value, "$.data.selector");
        var selector = new IncidentSelector
        {
            Class = s.OptionalId("class"), Provider = s.OptionalId("provider"), Holder = s.OptionalId("holder"), Source = s.OptionalId("source"),
            Owner = s.OptionalId("owner"), IssuedBefore = s.Time("issuedBefore", required: false), Scope = s.OptionalText("scope", IncidentSelectorCheck.MaxScopeLength),
        };
        if (s.Error is not null) { d.Fail(s.Error, overwrite: true); return null; }
        if (IncidentSelectorCheck.ShapeProblem(selector, "$.data.selector.") is { } shape)
        {
            d.Fail(shape, overwrite: true);
            return null;
        }
        return new IncidentDeclared(envelope, selector, reason!.Trim(), actor, confirm);
    }
}
